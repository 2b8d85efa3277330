package org.piranha.pulse;

import java.net.InetAddress;
import java.util.List;
import org.piranha.lvscf.Addresses;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.rtnl.AddressChange;
import org.piranha.netlink.rtnl.IfAddress;
import org.piranha.netlink.rtnl.Link;
import org.piranha.netlink.rtnl.Rtnetlink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * multi_active: the interface that holds every VIP of the director as a /32 ({@code vip_interface}).
 * A missing one is created as a dummy interface; an existing one ({@code lo}, a dummy made by the
 * operator) is used as it is. Either way it is set up.
 */
final class VipInterface {

    private static final Logger LOG = LoggerFactory.getLogger(VipInterface.class);

    private final Rtnetlink rtnl;
    private final String name;

    VipInterface(Rtnetlink rtnl, String name) {
        this.rtnl = rtnl;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Creates the interface if missing and sets it up. */
    void ensure() throws NetlinkException {
        java.util.Optional<Link> link = rtnl.link(name);
        if (link.isEmpty()) {
            rtnl.addDummyLink(name);
            LOG.info("created dummy interface {} for the VIPs", name);
        } else {
            LOG.info("holding the VIPs on the existing interface {}", name);
        }
        rtnl.setUp(rtnl.index(name));
    }

    /** Puts {@code vip}/32 on the interface; logs when it was not there. */
    void hold(InetAddress vip) throws NetlinkException {
        AddressChange change = rtnl.addAddress(IfAddress.builder(rtnl.index(name), vip, 32).build());
        if (change == AddressChange.ADDED) {
            LOG.info("holding VIP {}/32 on {}", Addresses.format(vip), name);
        }
    }

    /** Takes {@code vip}/32 off the interface; logs when it was there. */
    void release(InetAddress vip) throws NetlinkException {
        if (rtnl.link(name).isEmpty()) {
            return;
        }
        AddressChange change = rtnl.removeAddress(IfAddress.builder(rtnl.index(name), vip, 32).build());
        if (change == AddressChange.REMOVED) {
            LOG.info("released VIP {}/32 from {}", Addresses.format(vip), name);
        }
    }

    /** The VIPs the interface holds now. */
    List<InetAddress> held() throws NetlinkException {
        return rtnl.addresses(name).stream().map(IfAddress::address).toList();
    }
}
