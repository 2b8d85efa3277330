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

    /** The interface index a rehearsal adds to: none, so the kernel refuses the request (ENODEV). */
    private static final int NO_INTERFACE = 0;

    /** Adds the address; ALREADY_PRESENT when the interface had it. */
    AddressChange bringUp(ManagedAddress address) throws NetlinkException {
        return rtnl.addAddress(request(address, rtnl.index(address.device())));
    }

    /**
     * Goes through {@link #bringUp} (interface look-up, the request, the kernel's answer) but adds
     * the address to no interface, which the kernel refuses without changing anything: run while
     * passive, it loads the code a takeover runs. Throws only when the look-up fails, as
     * bringUp would.
     */
    void rehearseBringUp(ManagedAddress address) throws NetlinkException {
        rtnl.index(address.device());
        try {
            rtnl.addAddress(request(address, NO_INTERFACE));
        } catch (NetlinkException refused) {
            // what a rehearsal expects: there is no interface 0
        }
    }

    private static IfAddress request(ManagedAddress address, int index) {
        IfAddress.Builder builder = IfAddress.builder(index, address.address(), address.prefixLength());
        if (address.label() != null) {
            builder.label(address.label());
        }
        if (address.broadcast() != null) {
            builder.broadcast(address.broadcast());
        }
        return builder.build();
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
