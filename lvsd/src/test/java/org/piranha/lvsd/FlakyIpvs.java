package org.piranha.lvsd;

import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.libc.Errno;

/**
 * A table that refuses new real servers while told to, as the kernel does one it has no route to,
 * and new services, as a kernel without the scheduler's module does.
 */
final class FlakyIpvs extends ForwardingIpvs {

    boolean refuseDestinations;
    boolean refuseServices;

    FlakyIpvs(IpvsTable target) {
        super(target);
    }

    @Override
    public void addService(Service service) throws IpvsException {
        if (refuseServices) {
            throw new IpvsException("cannot add virtual service " + service.key() + ": scheduler "
                    + service.scheduler() + " is not available in this kernel (module ip_vs_" + service.scheduler() + ")",
                    IpvsException.Reason.UNAVAILABLE, Errno.ENOENT, null, null);
        }
        super.addService(service);
    }

    @Override
    public void addDestination(ServiceKey key, Destination destination) throws IpvsException {
        if (refuseDestinations) {
            throw new IpvsException("cannot add real server " + Endpoint.of(destination) + " of virtual service " + key
                    + ": Invalid argument", IpvsException.Reason.INVALID, Errno.EINVAL, null, null);
        }
        super.addDestination(key, destination);
    }
}
