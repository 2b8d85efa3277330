package org.piranha.lvsd;

import java.util.List;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.ServiceStatus;
import org.piranha.netlink.ipvs.Timeouts;
import org.piranha.netlink.libc.Errno;

/** A table that refuses new real servers while told to, as the kernel does one it has no route to. */
final class FlakyIpvs implements IpvsTable {

    private final IpvsTable target;
    boolean refuseDestinations;

    FlakyIpvs(IpvsTable target) {
        this.target = target;
    }

    @Override
    public List<ServiceStatus> services() throws IpvsException {
        return target.services();
    }

    @Override
    public List<DestinationStatus> destinations(ServiceKey key) throws IpvsException {
        return target.destinations(key);
    }

    @Override
    public void setTimeouts(Timeouts timeouts) throws IpvsException {
        target.setTimeouts(timeouts);
    }

    @Override
    public void addService(Service service) throws IpvsException {
        target.addService(service);
    }

    @Override
    public void editService(Service service) throws IpvsException {
        target.editService(service);
    }

    @Override
    public void deleteService(ServiceKey key) throws IpvsException {
        target.deleteService(key);
    }

    @Override
    public void addDestination(ServiceKey key, Destination destination) throws IpvsException {
        if (refuseDestinations) {
            throw new IpvsException("cannot add real server " + Endpoint.of(destination) + " of virtual service " + key
                    + ": Invalid argument", IpvsException.Reason.INVALID, Errno.EINVAL, null, null);
        }
        target.addDestination(key, destination);
    }

    @Override
    public void editDestination(ServiceKey key, Destination destination) throws IpvsException {
        target.editDestination(key, destination);
    }

    @Override
    public void deleteDestination(ServiceKey key, Endpoint endpoint) throws IpvsException {
        target.deleteDestination(key, endpoint);
    }
}
