package org.piranha.netlink.ipvs;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Set;
import org.piranha.netlink.Attributes;
import org.piranha.netlink.GenericNetlink;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.MessageWriter;
import org.piranha.netlink.Netlink;
import org.piranha.netlink.NetlinkMessage;

/**
 * The IPVS generic netlink messages (include/uapi/linux/ip_vs.h): attribute numbers, and the
 * encoding and decoding of services, real servers, sync daemons, stats and timeouts.
 * Byte orders follow the kernel: ports, addresses and the IPv4 netmask in network order, the
 * IPv6 netmask (a prefix length) and everything else in host order.
 */
final class IpvsCodec {

    static final String FAMILY = "IPVS";
    static final int VERSION = 1;

    static final int CMD_NEW_SERVICE = 1;
    static final int CMD_SET_SERVICE = 2;
    static final int CMD_DEL_SERVICE = 3;
    static final int CMD_GET_SERVICE = 4;
    static final int CMD_NEW_DEST = 5;
    static final int CMD_SET_DEST = 6;
    static final int CMD_DEL_DEST = 7;
    static final int CMD_GET_DEST = 8;
    static final int CMD_NEW_DAEMON = 9;
    static final int CMD_DEL_DAEMON = 10;
    static final int CMD_GET_DAEMON = 11;
    static final int CMD_SET_CONFIG = 12;
    static final int CMD_GET_CONFIG = 13;
    static final int CMD_SET_INFO = 14;
    static final int CMD_GET_INFO = 15;
    static final int CMD_ZERO = 16;
    static final int CMD_FLUSH = 17;

    static final int ATTR_SERVICE = 1;
    static final int ATTR_DEST = 2;
    static final int ATTR_DAEMON = 3;
    static final int ATTR_TIMEOUT_TCP = 4;
    static final int ATTR_TIMEOUT_TCP_FIN = 5;
    static final int ATTR_TIMEOUT_UDP = 6;

    static final int SVC_AF = 1;
    static final int SVC_PROTOCOL = 2;
    static final int SVC_ADDR = 3;
    static final int SVC_PORT = 4;
    static final int SVC_FWMARK = 5;
    static final int SVC_SCHED_NAME = 6;
    static final int SVC_FLAGS = 7;
    static final int SVC_TIMEOUT = 8;
    static final int SVC_NETMASK = 9;
    static final int SVC_STATS = 10;
    static final int SVC_PE_NAME = 11;
    static final int SVC_STATS64 = 12;

    static final int DEST_ADDR = 1;
    static final int DEST_PORT = 2;
    static final int DEST_FWD_METHOD = 3;
    static final int DEST_WEIGHT = 4;
    static final int DEST_U_THRESH = 5;
    static final int DEST_L_THRESH = 6;
    static final int DEST_ACTIVE_CONNS = 7;
    static final int DEST_INACT_CONNS = 8;
    static final int DEST_PERSIST_CONNS = 9;
    static final int DEST_STATS = 10;
    static final int DEST_ADDR_FAMILY = 11;
    static final int DEST_STATS64 = 12;
    static final int DEST_TUN_TYPE = 13;
    static final int DEST_TUN_PORT = 14;
    static final int DEST_TUN_FLAGS = 15;

    static final int DAEMON_STATE = 1;
    static final int DAEMON_MCAST_IFN = 2;
    static final int DAEMON_SYNC_ID = 3;
    static final int DAEMON_SYNC_MAXLEN = 4;
    static final int DAEMON_MCAST_GROUP = 5;
    static final int DAEMON_MCAST_GROUP6 = 6;
    static final int DAEMON_MCAST_PORT = 7;
    static final int DAEMON_MCAST_TTL = 8;

    static final int STATS_CONNS = 1;
    static final int STATS_INPKTS = 2;
    static final int STATS_OUTPKTS = 3;
    static final int STATS_INBYTES = 4;
    static final int STATS_OUTBYTES = 5;
    static final int STATS_CPS = 6;
    static final int STATS_INPPS = 7;
    static final int STATS_OUTPPS = 8;
    static final int STATS_INBPS = 9;
    static final int STATS_OUTBPS = 10;

    static final int INFO_VERSION = 1;
    static final int INFO_CONN_TAB_SIZE = 2;

    /** The kernel's address attribute is a 16-byte union nf_inet_addr; ipvsadm always sends all of it. */
    private static final int INET_ADDR_LENGTH = 16;

    private IpvsCodec() {}

    // --- encoding ---

    /** The SERVICE nest holding only what identifies the service. */
    static void writeServiceKey(MessageWriter writer, ServiceKey key) {
        writer.beginNested(ATTR_SERVICE);
        writeKeyFields(writer, key);
        writer.endNested();
    }

    /** {@link #writeServiceKey}'s bytes, to be repeated with {@link MessageWriter#putBytes}. */
    static byte[] serviceKeyBytes(ServiceKey key) {
        MessageWriter scratch = new MessageWriter(64).beginMessage(0, 0, 0, 0);
        writeServiceKey(scratch, key);
        return java.util.Arrays.copyOfRange(scratch.array(), Netlink.HEADER_LENGTH, scratch.length());
    }

    /** The SERVICE nest with every field NEW/SET_SERVICE require; flags replace the old ones outright. */
    static void writeService(MessageWriter writer, Service service) {
        writeService(writer, service, ServiceFlag.bits(service.flags()), 0xFFFFFFFF);
    }

    /** The SERVICE nest; the kernel keeps the old value of every flag bit outside {@code mask}. */
    static void writeService(MessageWriter writer, Service service, int flags, int mask) {
        ServiceKey key = service.key();
        writer.beginNested(ATTR_SERVICE);
        writeKeyFields(writer, key);
        writer.addString(SVC_SCHED_NAME, service.scheduler());
        if (service.persistenceEngine() != null) {
            writer.addString(SVC_PE_NAME, service.persistenceEngine());
        }
        writer.addBytes(SVC_FLAGS, flagsStruct(flags, mask));
        writer.addU32(SVC_TIMEOUT, service.persistenceTimeout());
        if (key.family() == IpFamily.IPV4) {
            writer.addBe32(SVC_NETMASK, prefixToMask(service.persistenceNetmask()));
        } else {
            writer.addU32(SVC_NETMASK, service.persistenceNetmask());
        }
        writer.endNested();
    }

    private static void writeKeyFields(MessageWriter writer, ServiceKey key) {
        writer.addU16(SVC_AF, key.family().number());
        if (key.isFwmark()) {
            writer.addU32(SVC_FWMARK, key.fwmark());
        } else {
            writer.addU16(SVC_PROTOCOL, key.protocol().number());
            writer.addBytes(SVC_ADDR, inetAddr(key.address()));
            writer.addBe16(SVC_PORT, key.port());
        }
    }

    /** The DEST nest with every field NEW/SET_DEST require. */
    static void writeDestination(MessageWriter writer, Destination destination) {
        writer.beginNested(ATTR_DEST);
        writer.addBytes(DEST_ADDR, inetAddr(destination.address()));
        writer.addBe16(DEST_PORT, destination.port());
        writer.addU32(DEST_FWD_METHOD, destination.forwarding().code());
        writer.addU32(DEST_WEIGHT, destination.weight());
        writer.addU32(DEST_U_THRESH, destination.upperThreshold());
        writer.addU32(DEST_L_THRESH, destination.lowerThreshold());
        writer.addU16(DEST_ADDR_FAMILY, destination.family().number());
        if (destination.forwarding() == Forwarding.TUNNEL) {
            writer.addU8(DEST_TUN_TYPE, destination.tunnelType().code());
            if (destination.tunnelType() == TunnelType.GUE) {
                writer.addBe16(DEST_TUN_PORT, destination.tunnelPort());
            }
            if (destination.tunnelType() != TunnelType.IPIP) {
                writer.addU16(DEST_TUN_FLAGS, destination.tunnelFlags());
            }
        }
        writer.endNested();
    }

    /** The DEST nest holding only what identifies the real server (for DEL_DEST). */
    static void writeDestinationKey(MessageWriter writer, InetAddress address, int port) {
        writer.beginNested(ATTR_DEST);
        writer.addBytes(DEST_ADDR, inetAddr(address));
        writer.addBe16(DEST_PORT, port);
        writer.addU16(DEST_ADDR_FAMILY, IpFamily.of(address).number());
        writer.endNested();
    }

    static void writeDaemon(MessageWriter writer, SyncDaemon daemon) {
        writer.beginNested(ATTR_DAEMON);
        writer.addU32(DAEMON_STATE, daemon.state().code());
        writer.addString(DAEMON_MCAST_IFN, daemon.interfaceName());
        writer.addU32(DAEMON_SYNC_ID, daemon.syncId());
        if (daemon.maxLength() > 0) {
            writer.addU16(DAEMON_SYNC_MAXLEN, daemon.maxLength());
        }
        if (daemon.group() != null) {
            writer.addAddress(IpFamily.of(daemon.group()) == IpFamily.IPV4 ? DAEMON_MCAST_GROUP : DAEMON_MCAST_GROUP6,
                    daemon.group());
        }
        if (daemon.port() > 0) {
            writer.addU16(DAEMON_MCAST_PORT, daemon.port());
        }
        if (daemon.ttl() > 0) {
            writer.addU8(DAEMON_MCAST_TTL, daemon.ttl());
        }
        writer.endNested();
    }

    static void writeDaemonState(MessageWriter writer, SyncState state) {
        writer.beginNested(ATTR_DAEMON);
        writer.addU32(DAEMON_STATE, state.code());
        writer.endNested();
    }

    /** Only the non-zero timeouts: the kernel keeps the others. */
    static void writeTimeouts(MessageWriter writer, Timeouts timeouts) {
        if (!timeouts.tcp().isZero()) {
            writer.addU32(ATTR_TIMEOUT_TCP, seconds(timeouts.tcp()));
        }
        if (!timeouts.tcpFin().isZero()) {
            writer.addU32(ATTR_TIMEOUT_TCP_FIN, seconds(timeouts.tcpFin()));
        }
        if (!timeouts.udp().isZero()) {
            writer.addU32(ATTR_TIMEOUT_UDP, seconds(timeouts.udp()));
        }
    }

    private static int seconds(java.time.Duration duration) {
        if (duration.isNegative() || duration.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout " + duration + " is out of range");
        }
        return (int) duration.getSeconds();
    }

    static byte[] inetAddr(InetAddress address) {
        byte[] union = new byte[INET_ADDR_LENGTH];
        byte[] raw = address.getAddress();
        System.arraycopy(raw, 0, union, 0, raw.length);
        return union;
    }

    /** struct ip_vs_flags: u32 flags, u32 mask, host order. */
    private static byte[] flagsStruct(int flags, int mask) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putInt(flags).putInt(mask)
                .array();
    }

    static int prefixToMask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** Leading one bits of a mask; a non-contiguous mask (which ipvsadm cannot make) counts up to its first hole. */
    static int maskToPrefix(int mask) {
        return Integer.numberOfLeadingZeros(~mask);
    }

    // --- decoding ---

    static ServiceStatus parseService(NetlinkMessage message) {
        Attributes service = message.attributes(GenericNetlink.HEADER_LENGTH).nested(ATTR_SERVICE);
        return new ServiceStatus(service(service), stats(service, SVC_STATS64, SVC_STATS));
    }

    /** Only the service's configuration: its two nests of counters are skipped unread. */
    static Service parseServiceConfig(NetlinkMessage message) {
        return service(message.attributes(GenericNetlink.HEADER_LENGTH).nested(ATTR_SERVICE));
    }

    private static Service service(Attributes service) {
        IpFamily family = IpFamily.ofNumber(service.u16(SVC_AF));
        int fwmark = service.u32(SVC_FWMARK, 0);
        ServiceKey key = fwmark != 0
                ? ServiceKey.fwmark(family, fwmark)
                : ServiceKey.of(Protocol.ofNumber(service.u16(SVC_PROTOCOL)),
                        service.address(SVC_ADDR, family.addressLength()), service.be16(SVC_PORT));
        int flags = service.has(SVC_FLAGS) ? service.u32(SVC_FLAGS) & ~ServiceFlag.HASHED : 0;
        Set<ServiceFlag> flagSet = EnumSet.noneOf(ServiceFlag.class);
        for (ServiceFlag flag : ServiceFlag.values()) {
            if ((flags & flag.bit()) != 0) {
                flagSet.add(flag);
            }
        }
        int netmask = family == IpFamily.IPV4 ? maskToPrefix(service.be32(SVC_NETMASK)) : service.u32(SVC_NETMASK);
        return new Service(key, service.string(SVC_SCHED_NAME), flagSet, service.u32(SVC_TIMEOUT, 0),
                netmask, service.string(SVC_PE_NAME, null));
    }

    static DestinationStatus parseDestination(NetlinkMessage message, IpFamily serviceFamily) {
        Attributes dest = message.attributes(GenericNetlink.HEADER_LENGTH).nested(ATTR_DEST);
        return new DestinationStatus(destination(dest, serviceFamily), dest.u32(DEST_ACTIVE_CONNS, 0),
                dest.u32(DEST_INACT_CONNS, 0), dest.u32(DEST_PERSIST_CONNS, 0), stats(dest, DEST_STATS64, DEST_STATS));
    }

    /**
     * Only the real server's configuration: its counts and its two nests of counters (twenty
     * attributes of the thirty-odd in each message, in a dump that a reconcile reads ten thousand
     * of) are skipped unread.
     */
    static Destination parseDestinationConfig(NetlinkMessage message, IpFamily serviceFamily) {
        return destination(message.attributes(GenericNetlink.HEADER_LENGTH).nested(ATTR_DEST), serviceFamily);
    }

    private static Destination destination(Attributes dest, IpFamily serviceFamily) {
        IpFamily family = dest.has(DEST_ADDR_FAMILY) ? IpFamily.ofNumber(dest.u16(DEST_ADDR_FAMILY)) : serviceFamily;
        Forwarding forwarding = Forwarding.ofCode(dest.u32(DEST_FWD_METHOD) & 0x7);
        InetAddress address = dest.address(DEST_ADDR, family.addressLength());
        int port = dest.be16(DEST_PORT);
        int weight = dest.u32(DEST_WEIGHT);
        int upper = dest.u32(DEST_U_THRESH);
        int lower = dest.u32(DEST_L_THRESH);
        if (forwarding != Forwarding.TUNNEL) {
            return new Destination(address, port, forwarding, weight, upper, lower, TunnelType.IPIP, 0, 0);
        }
        return new Destination(address, port, forwarding, weight, upper, lower,
                TunnelType.ofCode(dest.u8(DEST_TUN_TYPE, 0)), dest.has(DEST_TUN_PORT) ? dest.be16(DEST_TUN_PORT) : 0,
                dest.u16(DEST_TUN_FLAGS, 0));
    }

    static SyncDaemon parseDaemon(NetlinkMessage message) {
        Attributes daemon = message.attributes(GenericNetlink.HEADER_LENGTH).nested(ATTR_DAEMON);
        InetAddress group = null;
        if (daemon.has(DAEMON_MCAST_GROUP)) {
            group = daemon.address(DAEMON_MCAST_GROUP, 4);
        } else if (daemon.has(DAEMON_MCAST_GROUP6)) {
            group = daemon.address(DAEMON_MCAST_GROUP6, 16);
        }
        return new SyncDaemon(SyncState.ofCode(daemon.u32(DAEMON_STATE)), daemon.string(DAEMON_MCAST_IFN),
                daemon.u32(DAEMON_SYNC_ID), daemon.u16(DAEMON_SYNC_MAXLEN, 0), group,
                daemon.u16(DAEMON_MCAST_PORT, 0), daemon.u8(DAEMON_MCAST_TTL, 0));
    }

    static Timeouts parseTimeouts(NetlinkMessage message) {
        Attributes attributes = message.attributes(GenericNetlink.HEADER_LENGTH);
        return Timeouts.ofSeconds(attributes.u32(ATTR_TIMEOUT_TCP, 0), attributes.u32(ATTR_TIMEOUT_TCP_FIN, 0),
                attributes.u32(ATTR_TIMEOUT_UDP, 0));
    }

    static IpvsInfo parseInfo(NetlinkMessage message) {
        Attributes attributes = message.attributes(GenericNetlink.HEADER_LENGTH);
        return new IpvsInfo(attributes.u32(INFO_VERSION), attributes.u32(INFO_CONN_TAB_SIZE, 0));
    }

    /** The 64-bit stats when the kernel has them (Linux 4.x on), else the older mixed-width ones. */
    private static Stats stats(Attributes parent, int stats64, int stats32) {
        int type = parent.has(stats64) ? stats64 : stats32;
        if (!parent.has(type)) {
            return Stats.ZERO;
        }
        Attributes s = parent.nested(type);
        return new Stats(value(s, STATS_CONNS), value(s, STATS_INPKTS), value(s, STATS_OUTPKTS),
                value(s, STATS_INBYTES), value(s, STATS_OUTBYTES), value(s, STATS_CPS), value(s, STATS_INPPS),
                value(s, STATS_OUTPPS), value(s, STATS_INBPS), value(s, STATS_OUTBPS));
    }

    private static long value(Attributes stats, int type) {
        return stats.has(type) ? stats.unsigned(type) : 0;
    }
}
