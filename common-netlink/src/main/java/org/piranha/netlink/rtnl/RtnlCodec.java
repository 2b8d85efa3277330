package org.piranha.netlink.rtnl;

import java.net.InetAddress;
import org.piranha.netlink.Attributes;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.MessageWriter;
import org.piranha.netlink.NetlinkMessage;

/** rtnetlink link and address messages (include/uapi/linux/rtnetlink.h, if_link.h, if_addr.h). */
final class RtnlCodec {

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;

    /** struct rtmsg: u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags. */
    static final int RTMSG_LENGTH = 12;
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_TABLE = 15;
    static final int RT_TABLE_COMPAT = 252;
    static final int RT_SCOPE_LINK = 253;
    static final int RTN_UNICAST = 1;

    static final int IFLA_LINKINFO = 18;
    static final int IFLA_INFO_KIND = 1;
    static final int IFF_UP = 0x1;

    /** struct ifinfomsg: u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change. */
    static final int IFINFOMSG_LENGTH = 16;
    /** struct ifaddrmsg: u8 family, u8 prefixlen, u8 flags, u8 scope, u32 index. */
    static final int IFADDRMSG_LENGTH = 8;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_OPERSTATE = 16;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_BROADCAST = 4;
    static final int IFA_FLAGS = 8;

    static final int RTNLGRP_LINK = 1;
    static final int RTNLGRP_IPV4_IFADDR = 5;
    static final int RTNLGRP_IPV6_IFADDR = 9;

    private RtnlCodec() {}

    static void writeIfinfo(MessageWriter writer, int index) {
        writer.putU8(0).putU8(0).putU16(0).putU32(index).putU32(0).putU32(0);
    }

    static void writeIfaddr(MessageWriter writer, int family, int prefixLength, int flags, int scope, int index) {
        writer.putU8(family).putU8(prefixLength).putU8(flags & 0xff).putU8(scope).putU32(index);
    }

    /** RTM_NEWADDR body as {@code ip addr add} sends it; IPv6 gets NODAD so it is usable at once. */
    static void writeNewAddress(MessageWriter writer, IfAddress address) {
        int flags = address.family() == IpFamily.IPV6 ? IfAddress.IFA_F_NODAD : 0;
        writeIfaddr(writer, address.family().number(), address.prefixLength(), flags, address.scope(),
                address.interfaceIndex());
        writer.addAddress(IFA_LOCAL, address.address());
        writer.addAddress(IFA_ADDRESS, address.address());
        if (address.broadcast() != null) {
            writer.addAddress(IFA_BROADCAST, address.broadcast());
        }
        if (address.label() != null && address.family() == IpFamily.IPV4) {
            writer.addString(IFA_LABEL, address.label());
        }
        if (flags != 0) {
            writer.addU32(IFA_FLAGS, flags);
        }
    }

    /** RTM_DELADDR body: the prefix length must match the one the address was added with. */
    static void writeDeleteAddress(MessageWriter writer, IfAddress address) {
        writeIfaddr(writer, address.family().number(), address.prefixLength(), 0, 0, address.interfaceIndex());
        writer.addAddress(IFA_LOCAL, address.address());
        writer.addAddress(IFA_ADDRESS, address.address());
    }

    /** RTM_NEWROUTE/RTM_DELROUTE body as {@code ip route add/del ... table T proto P scope link} sends it. */
    static void writeRoute(MessageWriter writer, Route route) {
        int family = route.destination() instanceof java.net.Inet4Address ? IpFamily.IPV4.number() : IpFamily.IPV6.number();
        writer.putU8(family).putU8(route.prefixLength()).putU8(0).putU8(0)
                .putU8(route.table() > 255 ? RT_TABLE_COMPAT : route.table()).putU8(route.protocol())
                .putU8(RT_SCOPE_LINK).putU8(RTN_UNICAST).putU32(0);
        writer.addAddress(RTA_DST, route.destination());
        writer.addU32(RTA_OIF, route.interfaceIndex());
        writer.addU32(RTA_TABLE, route.table());
    }

    /** A dump request for every IPv4 route (the kernel filters nothing; the caller does). */
    static void writeRouteDump(MessageWriter writer) {
        writer.putU8(IpFamily.IPV4.number()).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU32(0);
    }

    /** The route, or null for one that has no destination or interface (a default or multipath route). */
    static Route parseRoute(NetlinkMessage message) {
        var header = message.payload();
        int family = Byte.toUnsignedInt(header.get(0));
        int prefixLength = Byte.toUnsignedInt(header.get(1));
        int table = Byte.toUnsignedInt(header.get(4));
        int protocol = Byte.toUnsignedInt(header.get(5));
        Attributes attributes = message.attributes(RTMSG_LENGTH);
        if (family != IpFamily.IPV4.number() || !attributes.has(RTA_DST) || !attributes.has(RTA_OIF)) {
            return null;
        }
        return new Route(attributes.address(RTA_DST, 4), prefixLength, attributes.u32(RTA_OIF),
                attributes.u32(RTA_TABLE, table), protocol);
    }

    /** RTM_NEWLINK body creating a link of {@code kind} ({@code ip link add NAME type KIND}). */
    static void writeNewLink(MessageWriter writer, String name, String kind) {
        writeIfinfo(writer, 0);
        writer.addString(IFLA_IFNAME, name);
        writer.beginNested(IFLA_LINKINFO);
        writer.addString(IFLA_INFO_KIND, kind);
        writer.endNested();
    }

    /** RTM_NEWLINK body setting IFF_UP ({@code ip link set DEV up}). */
    static void writeLinkUp(MessageWriter writer, int index) {
        writer.putU8(0).putU8(0).putU16(0).putU32(index).putU32(IFF_UP).putU32(IFF_UP);
    }

    static Link parseLink(NetlinkMessage message) {
        var header = message.payload();
        int index = header.getInt(4);
        int flags = header.getInt(8);
        Attributes attributes = message.attributes(IFINFOMSG_LENGTH);
        return new Link(index, attributes.string(IFLA_IFNAME, ""), flags,
                OperState.ofCode(attributes.u8(IFLA_OPERSTATE, 0)),
                attributes.has(IFLA_ADDRESS) ? mac(attributes.bytes(IFLA_ADDRESS)) : "",
                attributes.u32(IFLA_MTU, 0));
    }

    static IfAddress parseAddress(NetlinkMessage message) {
        var header = message.payload();
        int family = Byte.toUnsignedInt(header.get(0));
        int prefixLength = Byte.toUnsignedInt(header.get(1));
        int flags = Byte.toUnsignedInt(header.get(2));
        int scope = Byte.toUnsignedInt(header.get(3));
        int index = header.getInt(4);
        IpFamily ipFamily = IpFamily.ofNumber(family);
        Attributes attributes = message.attributes(IFADDRMSG_LENGTH);
        int type = attributes.has(IFA_LOCAL) ? IFA_LOCAL : IFA_ADDRESS;
        InetAddress address = attributes.address(type, ipFamily.addressLength());
        InetAddress broadcast = attributes.has(IFA_BROADCAST) ? attributes.address(IFA_BROADCAST, 4) : null;
        return new IfAddress(index, address, prefixLength, broadcast, attributes.string(IFA_LABEL, null),
                attributes.u32(IFA_FLAGS, flags), scope);
    }

    static boolean isIpFamily(NetlinkMessage message) {
        int family = Byte.toUnsignedInt(message.payload().get(0));
        return family == IpFamily.IPV4.number() || family == IpFamily.IPV6.number();
    }

    private static String mac(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (text.length() > 0) {
                text.append(':');
            }
            text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return text.toString();
    }
}
