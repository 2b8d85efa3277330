package org.piranha.lvsd;

import java.util.List;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.ServiceStatus;
import org.piranha.netlink.ipvs.Timeouts;

/** A table that passes every call on to another: subclasses override only the calls they change. */
abstract class ForwardingIpvs implements IpvsTable {

    private final IpvsTable target;

    ForwardingIpvs(IpvsTable target) {
        this.target = target;
    }

    @Override
    public List<ServiceStatus> services() throws IpvsException {
        return target.services();
    }

    @Override
    public List<Service> serviceConfigs() throws IpvsException {
        return target.serviceConfigs();
    }

    @Override
    public List<DestinationStatus> destinations(ServiceKey key) throws IpvsException {
        return target.destinations(key);
    }

    @Override
    public List<Destination> destinationConfigs(ServiceKey key) throws IpvsException {
        return target.destinationConfigs(key);
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
