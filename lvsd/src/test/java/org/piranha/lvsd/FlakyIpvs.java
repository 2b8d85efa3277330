package org.piranha.lvsd;

import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.libc.Errno;

/** A table that refuses new real servers while told to, as the kernel does one it has no route to. */
final class FlakyIpvs extends ForwardingIpvs {

    boolean refuseDestinations;

    FlakyIpvs(IpvsTable target) {
        super(target);
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
