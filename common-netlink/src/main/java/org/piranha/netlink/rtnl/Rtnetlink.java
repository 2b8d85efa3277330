package org.piranha.netlink.rtnl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.piranha.netlink.Netlink;
import org.piranha.netlink.NetlinkChannel;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.Request;
import org.piranha.netlink.libc.Errno;

/**
 * Interfaces and their addresses in the network namespace this client was opened in: what
 * {@code ip link show} and {@code ip addr add/del/show} do. Thread-safe.
 *
 * <pre>{@code
 * try (Rtnetlink rtnl = Rtnetlink.open()) {
 *     int eth0 = rtnl.index("eth0");
 *     rtnl.addAddress(IfAddress.builder(eth0, InetAddress.getByName("10.6.1.214"), 24).label("eth0:1").build());
 * }
 * }</pre>
 */
public final class Rtnetlink implements AutoCloseable {

    private final NetlinkChannel channel;

    private Rtnetlink(NetlinkChannel channel) {
        this.channel = channel;
    }

    public static Rtnetlink open() throws NetlinkException {
        return new Rtnetlink(NetlinkChannel.open(Netlink.NETLINK_ROUTE));
    }

    // --- links ---

    public List<Link> links() throws NetlinkException {
        try {
            return channel.dump(Request.of(RtnlCodec.RTM_GETLINK, 0, writer -> RtnlCodec.writeIfinfo(writer, 0)),
                    RtnlCodec::parseLink);
        } catch (NetlinkException e) {
            throw wrap("cannot list the network interfaces", e);
        }
    }

    /** The interface called {@code name}, or empty when there is none. */
    public Optional<Link> link(String name) throws NetlinkException {
        try {
            return Optional.of(channel.query(Request.of(RtnlCodec.RTM_GETLINK, 0, writer -> {
                RtnlCodec.writeIfinfo(writer, 0);
                writer.addString(RtnlCodec.IFLA_IFNAME, name);
            }), RtnlCodec::parseLink));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw wrap("cannot read interface " + name, e);
        }
    }

    /** The interface with this index, or empty when there is none. */
    public Optional<Link> link(int index) throws NetlinkException {
        try {
            return Optional.of(channel.query(
                    Request.of(RtnlCodec.RTM_GETLINK, 0, writer -> RtnlCodec.writeIfinfo(writer, index)),
                    RtnlCodec::parseLink));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw wrap("cannot read interface #" + index, e);
        }
    }

    /**
     * The index of interface {@code name}.
     *
     * @throws NetlinkException with errno ENODEV when there is no such interface
     */
    public int index(String name) throws NetlinkException {
        return link(name).orElseThrow(() -> new NetlinkException("there is no network interface " + name,
                Errno.ENODEV, null)).index();
    }

    // --- addresses ---

    /** Every IPv4 and IPv6 address of every interface. */
    public List<IfAddress> addresses() throws NetlinkException {
        try {
            return channel.dump(Request.of(RtnlCodec.RTM_GETADDR, 0,
                            writer -> RtnlCodec.writeIfaddr(writer, 0, 0, 0, 0, 0)),
                    message -> RtnlCodec.isIpFamily(message) ? RtnlCodec.parseAddress(message) : null);
        } catch (NetlinkException e) {
            throw wrap("cannot list the interface addresses", e);
        }
    }

    /** The addresses of one interface, IPv4 (with labels) and IPv6, in the kernel's order. */
    public List<IfAddress> addresses(String interfaceName) throws NetlinkException {
        int index = index(interfaceName);
        List<IfAddress> result = new ArrayList<>();
        for (IfAddress address : addresses()) {
            if (address.interfaceIndex() == index) {
                result.add(address);
            }
        }
        return result;
    }

    /**
     * Adds an address, as {@code ip addr add CIDR [brd B] dev D [label L]} does (IPv6 with
     * {@code nodad}).
     *
     * @return ADDED, or ALREADY_PRESENT when the interface had it already
     */
    public AddressChange addAddress(IfAddress address) throws NetlinkException {
        try {
            channel.execute(Request.of(RtnlCodec.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                    writer -> RtnlCodec.writeNewAddress(writer, address)));
            return AddressChange.ADDED;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) {
                return AddressChange.ALREADY_PRESENT;
            }
            throw wrap("cannot add " + describe(address), e);
        }
    }

    /**
     * Removes an address; the prefix length must be the one it was added with.
     *
     * @return REMOVED, or ALREADY_ABSENT when the interface did not have it
     */
    public AddressChange removeAddress(IfAddress address) throws NetlinkException {
        try {
            channel.execute(Request.of(RtnlCodec.RTM_DELADDR, 0, writer -> RtnlCodec.writeDeleteAddress(writer, address)));
            return AddressChange.REMOVED;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL) {
                return AddressChange.ALREADY_ABSENT;
            }
            throw wrap("cannot remove " + describe(address), e);
        }
    }

    // --- links made and raised ---

    /** Creates a dummy interface ({@code ip link add NAME type dummy}); false when one of that name exists. */
    public boolean addDummyLink(String name) throws NetlinkException {
        try {
            channel.execute(Request.of(RtnlCodec.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                    writer -> RtnlCodec.writeNewLink(writer, name, "dummy")));
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) {
                return false;
            }
            throw wrap("cannot create dummy interface " + name
                    + (e.errno() == Errno.EOPNOTSUPP ? " (the kernel has no dummy module?)" : ""), e);
        }
    }

    /** Sets the interface up ({@code ip link set DEV up}). */
    public void setUp(int index) throws NetlinkException {
        try {
            channel.execute(Request.of(RtnlCodec.RTM_NEWLINK, 0, writer -> RtnlCodec.writeLinkUp(writer, index)));
        } catch (NetlinkException e) {
            throw wrap("cannot set interface #" + index + " up", e);
        }
    }

    // --- routes ---

    /** Every IPv4 route with a destination and an interface, of every table. */
    public List<Route> routes() throws NetlinkException {
        try {
            List<Route> all = channel.dump(Request.of(RtnlCodec.RTM_GETROUTE, 0, RtnlCodec::writeRouteDump),
                    RtnlCodec::parseRoute);
            all.removeIf(java.util.Objects::isNull);
            return all;
        } catch (NetlinkException e) {
            throw wrap("cannot list the routes", e);
        }
    }

    /** Adds a route; false when the table has it already. */
    public boolean addRoute(Route route) throws NetlinkException {
        try {
            channel.execute(Request.of(RtnlCodec.RTM_NEWROUTE, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                    writer -> RtnlCodec.writeRoute(writer, route)));
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) {
                return false;
            }
            throw wrap("cannot add route " + route, e);
        }
    }

    /** Removes a route; false when the table did not have it. */
    public boolean removeRoute(Route route) throws NetlinkException {
        try {
            channel.execute(Request.of(RtnlCodec.RTM_DELROUTE, 0, writer -> RtnlCodec.writeRoute(writer, route)));
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ESRCH) {
                return false;
            }
            throw wrap("cannot remove route " + route, e);
        }
    }

    @Override
    public void close() {
        channel.close();
    }

    private String describe(IfAddress address) {
        String name;
        try {
            name = link(address.interfaceIndex()).map(Link::name).orElse("#" + address.interfaceIndex());
        } catch (NetlinkException e) {
            name = "#" + address.interfaceIndex();
        }
        return address.cidr() + (address.label() != null ? " (label " + address.label() + ")" : "")
                + " on interface " + name;
    }

    private static NetlinkException wrap(String what, NetlinkException e) {
        String reason = e.errno() == Errno.EPERM ? "needs CAP_NET_ADMIN: run as root" : e.detail();
        return new NetlinkException(what + ": " + reason, e.errno(), e.kernelMessage(), e);
    }
}
