package org.piranha.pulse;

import java.util.ArrayList;
import java.util.List;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.rtnl.AddressChange;
import org.piranha.netlink.rtnl.IfAddress;
import org.piranha.netlink.rtnl.Rtnetlink;

/** Brings {@link ManagedAddress}es up and down over rtnetlink, as {@code ip addr add/del}; idempotent. */
final class AddressManager {

    private final Rtnetlink rtnl;

    AddressManager(Rtnetlink rtnl) {
        this.rtnl = rtnl;
    }

    /** Adds the address; ALREADY_PRESENT when the interface had it. */
    AddressChange bringUp(ManagedAddress address) throws NetlinkException {
        IfAddress.Builder builder = IfAddress.builder(rtnl.index(address.device()), address.address(), address.prefixLength());
        if (address.label() != null) {
            builder.label(address.label());
        }
        if (address.broadcast() != null) {
            builder.broadcast(address.broadcast());
        }
        return rtnl.addAddress(builder.build());
    }

    /**
     * Removes the address from its interface, whatever prefix it has there (a crash may have left
     * it with the netmask of an older lvs.cf). Returns what was removed; nothing when the
     * interface did not have it or does not exist.
     */
    List<IfAddress> takeDown(ManagedAddress address) throws NetlinkException {
        List<IfAddress> removed = new ArrayList<>();
        for (IfAddress present : rtnl.addresses()) {
            if (present.address().equals(address.address()) && onDevice(present, address.device())
                    && rtnl.removeAddress(present) == AddressChange.REMOVED) {
                removed.add(present);
            }
        }
        return removed;
    }

    private boolean onDevice(IfAddress present, String device) throws NetlinkException {
        return rtnl.link(present.interfaceIndex()).map(link -> link.name().equals(device)).orElse(false);
    }
}
