package org.piranha.pulse;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.rtnl.Route;
import org.piranha.netlink.rtnl.Rtnetlink;

/**
 * Announces and withdraws VIPs in multi_active mode, through the kernel only: a VIP is announced
 * while table {@value #TABLE} holds {@code VIP/32 dev <vip_interface> proto} {@value #PROTOCOL}.
 * BIRD's {@code protocol kernel piranha_vips} (the include {@link BirdInclude} writes) learns
 * that table by netlink notification and its BGP sessions export it, so pulse never talks to BIRD
 * at run time. The VIP address itself stays on the interface either way.
 */
public final class VipRoutes {

    /** The kernel routing table that holds the announced VIPs. */
    public static final int TABLE = 4242;
    /** The {@code proto} of pulse's routes, so that they are told from any other. */
    public static final int PROTOCOL = 252;

    private final Rtnetlink rtnl;
    private final String device;

    public VipRoutes(Rtnetlink rtnl, String device) {
        this.rtnl = rtnl;
        this.device = device;
    }

    /** Adds the route; false when it was there already. */
    public boolean announce(InetAddress vip) throws NetlinkException {
        return rtnl.addRoute(route(vip));
    }

    /** Removes the route; false when it was not there. */
    public boolean withdraw(InetAddress vip) throws NetlinkException {
        return rtnl.removeRoute(route(vip));
    }

    /** The VIPs announced now, on any interface (a crashed pulse may have left some). */
    public List<InetAddress> announced() throws NetlinkException {
        List<InetAddress> vips = new ArrayList<>();
        for (Route route : rtnl.routes()) {
            if (route.table() == TABLE && route.protocol() == PROTOCOL && route.prefixLength() == 32) {
                vips.add(route.destination());
            }
        }
        return vips;
    }

    /** Removes every route pulse added, on whatever interface; returns how many. */
    public int withdrawAll() throws NetlinkException {
        int removed = 0;
        for (Route route : rtnl.routes()) {
            if (route.table() == TABLE && route.protocol() == PROTOCOL && rtnl.removeRoute(route)) {
                removed++;
            }
        }
        return removed;
    }

    private Route route(InetAddress vip) throws NetlinkException {
        if (!(vip instanceof Inet4Address)) {
            throw new IllegalArgumentException("only IPv4 VIPs are announced: " + vip.getHostAddress());
        }
        return new Route(vip, 32, rtnl.index(device), TABLE, PROTOCOL);
    }
}
