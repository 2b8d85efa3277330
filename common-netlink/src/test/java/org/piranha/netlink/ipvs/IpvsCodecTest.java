package org.piranha.netlink.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.piranha.netlink.GenericNetlink;
import org.piranha.netlink.Hex;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.MessageWriter;
import org.piranha.netlink.Netlink;
import org.piranha.netlink.NetlinkMessage;
import org.piranha.netlink.Request;

/** IPVS messages against bytes written by hand from include/uapi/linux/ip_vs.h and ip_vs_ctl.c. */
class IpvsCodecTest {

    private static final int FAMILY_ID = 0x1c;

    private static byte[] encode(int command, java.util.function.Consumer<MessageWriter> attributes) {
        Request request = GenericNetlink.request(FAMILY_ID, command, 1, 0, attributes);
        MessageWriter writer = new MessageWriter();
        request.writeTo(writer, Netlink.NLM_F_ACK, 1, 0);
        return writer.toByteArray();
    }

    private static InetAddress ip(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    @Test
    void newServiceIsTheWorked104ByteExample() throws Exception {
        Service service = Service.builder(ServiceKey.of(Protocol.TCP, ip("10.6.1.214"), 80)).scheduler("wlc").build();
        byte[] bytes = encode(IpvsCodec.CMD_NEW_SERVICE, writer -> IpvsCodec.writeService(writer, service));
        assertThat(bytes).hasSize(104);
        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(Hex.bytes(
                "68000000 1c00 0500 01000000 00000000", // nlmsghdr: 104 bytes, REQUEST|ACK
                "01010000", // genl: NEW_SERVICE, version 1
                "5400 0100", // SERVICE nest, 84 bytes
                "0600 0100 0200 0000", // AF_INET
                "0600 0200 0600 0000", // IPPROTO_TCP
                "1400 0300 0a0601d6 00000000 00000000 00000000", // 10.6.1.214 in a 16-byte union
                "0600 0400 0050 0000", // port 80, network order
                "0800 0600 776c6300", // "wlc"
                "0c00 0700 00000000 ffffffff", // flags 0, mask ~0
                "0800 0800 00000000", // timeout 0
                "0800 0900 ffffffff"))); // netmask 255.255.255.255, network order
    }

    @Test
    void persistentIpv6ServiceSendsThePrefixLengthInHostOrderAndTheEngine() throws Exception {
        Service service = Service.builder(ServiceKey.of(Protocol.UDP, ip("2001:db8::1"), 5060)).scheduler("rr")
                .persistent(300).persistenceNetmask(64).persistenceEngine("sip").flag(ServiceFlag.ONE_PACKET).build();
        byte[] bytes = encode(IpvsCodec.CMD_SET_SERVICE, writer -> IpvsCodec.writeService(writer, service));
        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(Hex.concat(
                Hex.message(FAMILY_ID, 5, 1, 0, Hex.bytes("02010000"), Hex.attr(1,
                        Hex.attr(1, Hex.u16(10)),
                        Hex.attr(2, Hex.u16(17)),
                        Hex.attr(3, Hex.bytes("20010db8 00000000 00000000 00000001")),
                        Hex.attr(4, Hex.bytes("13c4")),
                        Hex.attr(6, "rr\0".getBytes()),
                        Hex.attr(11, "sip\0".getBytes()),
                        Hex.attr(7, Hex.u32(0x1 | 0x4), Hex.u32(-1)),
                        Hex.attr(8, Hex.u32(300)),
                        Hex.attr(9, Hex.u32(64)))))));
    }

    @Test
    void fwmarkServicesAreIdentifiedByTheMarkAlone() {
        byte[] bytes = encode(IpvsCodec.CMD_DEL_SERVICE,
                writer -> IpvsCodec.writeServiceKey(writer, ServiceKey.fwmark(IpFamily.IPV6, 5)));
        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(Hex.message(FAMILY_ID, 5, 1, 0, Hex.bytes("03010000"),
                Hex.attr(1, Hex.attr(1, Hex.u16(10)), Hex.attr(5, Hex.u32(5))))));
    }

    @Test
    void flagMaskSemanticsSendOnlyTheNamedBits() throws Exception {
        Service service = Service.builder(ServiceKey.of(Protocol.TCP, ip("10.0.0.1"), 80)).scheduler("sh").build();
        byte[] bytes = encode(IpvsCodec.CMD_SET_SERVICE, writer -> IpvsCodec.writeService(writer, service,
                ServiceFlag.bits(Set.of(ServiceFlag.SCHED_PORT)),
                ServiceFlag.bits(Set.of(ServiceFlag.SCHED_PORT, ServiceFlag.SCHED_FALLBACK))));
        assertThat(Hex.of(bytes)).contains(Hex.of(Hex.attr(7, Hex.u32(0x10), Hex.u32(0x18))));
    }

    @Test
    void aRepeatedServiceKeyIsTheSameBytesAsOneWrittenInPlace() throws Exception {
        for (ServiceKey key : java.util.List.of(ServiceKey.of(Protocol.TCP, ip("10.6.1.214"), 80),
                ServiceKey.of(Protocol.UDP, ip("2001:db8::1"), 53), ServiceKey.fwmark(IpFamily.IPV4, 7))) {
            byte[] inPlace = encode(IpvsCodec.CMD_DEL_SERVICE, writer -> IpvsCodec.writeServiceKey(writer, key));
            byte[] repeated = encode(IpvsCodec.CMD_DEL_SERVICE, writer -> writer.putBytes(IpvsCodec.serviceKeyBytes(key)));
            assertThat(Hex.of(repeated)).isEqualTo(Hex.of(inPlace));
        }
    }

    @Test
    void newDestinationCarriesServiceKeyAndEveryDestField() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, ip("10.6.1.214"), 80);
        Destination destination = Destination.builder(ip("10.0.0.1"), 8080).forwarding(Forwarding.MASQ).weight(0)
                .thresholds(100, 10).build();
        byte[] bytes = encode(IpvsCodec.CMD_NEW_DEST, writer -> {
            IpvsCodec.writeServiceKey(writer, key);
            IpvsCodec.writeDestination(writer, destination);
        });
        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(Hex.message(FAMILY_ID, 5, 1, 0, Hex.bytes("05010000"),
                Hex.attr(1, Hex.attr(1, Hex.u16(2)), Hex.attr(2, Hex.u16(6)),
                        Hex.attr(3, Hex.bytes("0a0601d6 00000000 00000000 00000000")), Hex.attr(4, Hex.bytes("0050"))),
                Hex.attr(2, Hex.attr(1, Hex.bytes("0a000001 00000000 00000000 00000000")),
                        Hex.attr(2, Hex.bytes("1f90")),
                        Hex.attr(3, Hex.u32(0)), // MASQ
                        Hex.attr(4, Hex.u32(0)), // weight 0: quiesced
                        Hex.attr(5, Hex.u32(100)),
                        Hex.attr(6, Hex.u32(10)),
                        Hex.attr(11, Hex.u16(2))))));
    }

    @Test
    void gueTunnelSendsTypePortAndFlags() throws Exception {
        Destination destination = Destination.builder(ip("10.0.0.2"), 80).forwarding(Forwarding.TUNNEL)
                .tunnel(TunnelType.GUE, 6080, 1).build();
        byte[] bytes = encode(IpvsCodec.CMD_SET_DEST, writer -> IpvsCodec.writeDestination(writer, destination));
        assertThat(Hex.of(bytes)).endsWith(Hex.of(Hex.concat(Hex.attr(11, Hex.u16(2)), Hex.attr(13, Hex.bytes("01")),
                Hex.attr(14, Hex.bytes("17c0")), Hex.attr(15, Hex.u16(1)))));
    }

    @Test
    void timeoutsSendOnlyTheValuesToChange() {
        byte[] bytes = encode(IpvsCodec.CMD_SET_CONFIG,
                writer -> IpvsCodec.writeTimeouts(writer, Timeouts.ofSeconds(900, 0, 300)));
        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(Hex.message(FAMILY_ID, 5, 1, 0, Hex.bytes("0c010000"),
                Hex.attr(4, Hex.u32(900)), Hex.attr(6, Hex.u32(300)))));
    }

    @Test
    void daemonStartCarriesStateInterfaceAndSyncId() {
        byte[] bytes = encode(IpvsCodec.CMD_NEW_DAEMON,
                writer -> IpvsCodec.writeDaemon(writer, SyncDaemon.of(SyncState.BACKUP, "eth1", 7)));
        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(Hex.message(FAMILY_ID, 5, 1, 0, Hex.bytes("09010000"),
                Hex.attr(3, Hex.attr(1, Hex.u32(2)), Hex.attr(2, "eth1\0".getBytes()), Hex.attr(3, Hex.u32(7))))));
    }

    /** Stats as ip_vs_genl_fill_stats/fill_stats64 emit them, with a PAD attribute to skip. */
    private static byte[] stats32() {
        return Hex.concat(Hex.attr(1, Hex.u32(3)), Hex.attr(2, Hex.u32(40)), Hex.attr(3, Hex.u32(30)),
                Hex.attr(11), Hex.attr(4, Hex.u64(5000)), Hex.attr(5, Hex.u64(7000)), Hex.attr(6, Hex.u32(1)));
    }

    private static byte[] stats64() {
        return Hex.concat(Hex.attr(1, Hex.u64(3)), Hex.attr(2, Hex.u64(0x1_0000_0028L)), Hex.attr(3, Hex.u64(30)),
                Hex.attr(11), Hex.attr(4, Hex.u64(5000)), Hex.attr(5, Hex.u64(7000)), Hex.attr(6, Hex.u64(1)),
                Hex.attr(7, Hex.u64(2)), Hex.attr(8, Hex.u64(3)), Hex.attr(9, Hex.u64(4)), Hex.attr(10, Hex.u64(5)));
    }

    @Test
    void parsesADumpedServiceIgnoringTheHashedFlagAndPreferringStats64() throws Exception {
        byte[] reply = Hex.message(FAMILY_ID, Netlink.NLM_F_MULTI, 3, 77, Hex.bytes("01010000"), Hex.attr(1,
                Hex.attr(1, Hex.u16(2)), Hex.attr(2, Hex.u16(6)),
                Hex.attr(3, Hex.bytes("0a0601d6 00000000 00000000 00000000")), Hex.attr(4, Hex.bytes("0050")),
                Hex.attr(6, "wlc\0".getBytes()),
                Hex.attr(7, Hex.u32(0x1 | 0x2), Hex.u32(-1)),
                Hex.attr(8, Hex.u32(300)),
                Hex.attr(9, Hex.bytes("ffffff00")),
                Hex.attr(10, stats32()),
                Hex.attr(12, stats64())));
        NetlinkMessage message = NetlinkMessage.parseAll(Hex.buffer(reply)).get(0);
        ServiceStatus status = IpvsCodec.parseService(message);
        assertThat(status.service()).isEqualTo(Service.builder(ServiceKey.of(Protocol.TCP, ip("10.6.1.214"), 80))
                .scheduler("wlc").persistent(300).persistenceNetmask(24).build());
        assertThat(status.stats()).isEqualTo(new Stats(3, 0x1_0000_0028L, 30, 5000, 7000, 1, 2, 3, 4, 5));
        // the configuration alone (the counters unread) is the same service
        assertThat(IpvsCodec.parseServiceConfig(message)).isEqualTo(status.service());
    }

    @Test
    void parsesAnIpv6FwmarkServiceWithOnlyOldStats() throws Exception {
        byte[] reply = Hex.message(FAMILY_ID, Netlink.NLM_F_MULTI, 3, 77, Hex.bytes("01010000"), Hex.attr(1,
                Hex.attr(1, Hex.u16(10)), Hex.attr(5, Hex.u32(12)),
                Hex.attr(6, "sh\0".getBytes()),
                Hex.attr(7, Hex.u32(0x2 | 0x8 | 0x10), Hex.u32(-1)),
                Hex.attr(8, Hex.u32(0)),
                Hex.attr(9, Hex.u32(128)),
                Hex.attr(10, stats32())));
        ServiceStatus status = IpvsCodec.parseService(NetlinkMessage.parseAll(Hex.buffer(reply)).get(0));
        assertThat(status.service()).isEqualTo(Service.builder(ServiceKey.fwmark(IpFamily.IPV6, 12)).scheduler("sh")
                .flags(EnumSet.of(ServiceFlag.SCHED_FALLBACK, ServiceFlag.SCHED_PORT)).build());
        assertThat(IpvsCodec.parseServiceConfig(NetlinkMessage.parseAll(Hex.buffer(reply)).get(0)))
                .isEqualTo(status.service());
        assertThat(status.stats()).isEqualTo(new Stats(3, 40, 30, 5000, 7000, 1, 0, 0, 0, 0));
    }

    @Test
    void parsesADumpedDestinationWithItsCounts() throws Exception {
        byte[] reply = Hex.message(FAMILY_ID, Netlink.NLM_F_MULTI, 4, 77, Hex.bytes("05010000"), Hex.attr(2,
                Hex.attr(1, Hex.bytes("0a000001 00000000 00000000 00000000")),
                Hex.attr(2, Hex.bytes("0050")),
                Hex.attr(3, Hex.u32(0x100 | 0)), // INACTIVE bit above the forwarding mask
                Hex.attr(4, Hex.u32(5)),
                Hex.attr(13, Hex.bytes("00")), Hex.attr(14, Hex.bytes("0000")), Hex.attr(15, Hex.u16(0)),
                Hex.attr(5, Hex.u32(0)), Hex.attr(6, Hex.u32(0)),
                Hex.attr(7, Hex.u32(2)), Hex.attr(8, Hex.u32(9)), Hex.attr(9, Hex.u32(1)),
                Hex.attr(11, Hex.u16(2)),
                Hex.attr(10, stats32()), Hex.attr(12, stats64())));
        DestinationStatus status = IpvsCodec.parseDestination(NetlinkMessage.parseAll(Hex.buffer(reply)).get(0),
                IpFamily.IPV4);
        assertThat(status.destination()).isEqualTo(
                Destination.builder(ip("10.0.0.1"), 80).forwarding(Forwarding.MASQ).weight(5).build());
        assertThat(status.activeConnections()).isEqualTo(2);
        assertThat(status.inactiveConnections()).isEqualTo(9);
        assertThat(status.persistentConnections()).isEqualTo(1);
        assertThat(status.stats().connections()).isEqualTo(3);
    }

    @Test
    void aDestinationParsedWithoutItsCountersEqualsTheOneParsedWithThem() throws Exception {
        byte[] masq = Hex.message(FAMILY_ID, Netlink.NLM_F_MULTI, 4, 77, Hex.bytes("05010000"), Hex.attr(2,
                Hex.attr(1, Hex.bytes("0a000001 00000000 00000000 00000000")), Hex.attr(2, Hex.bytes("0050")),
                Hex.attr(3, Hex.u32(0x100 | 0)), Hex.attr(4, Hex.u32(5)),
                Hex.attr(5, Hex.u32(90)), Hex.attr(6, Hex.u32(10)),
                Hex.attr(7, Hex.u32(2)), Hex.attr(8, Hex.u32(9)), Hex.attr(9, Hex.u32(1)),
                Hex.attr(11, Hex.u16(2)), Hex.attr(10, stats32()), Hex.attr(12, stats64())));
        // an IPv6 GUE tunnel in an IPv4 service's dump (mixed families), with no counters at all
        byte[] tunnel = Hex.message(FAMILY_ID, Netlink.NLM_F_MULTI, 4, 77, Hex.bytes("05010000"), Hex.attr(2,
                Hex.attr(1, Hex.bytes("20010db8 00000000 00000000 00000002")), Hex.attr(2, Hex.bytes("1f90")),
                Hex.attr(3, Hex.u32(2)), Hex.attr(4, Hex.u32(0)),
                Hex.attr(5, Hex.u32(0)), Hex.attr(6, Hex.u32(0)), Hex.attr(11, Hex.u16(10)),
                Hex.attr(13, Hex.bytes("01")), Hex.attr(14, Hex.bytes("17c1")), Hex.attr(15, Hex.u16(1))));
        for (byte[] reply : List.of(masq, tunnel)) {
            NetlinkMessage message = NetlinkMessage.parseAll(Hex.buffer(reply)).get(0);
            assertThat(IpvsCodec.parseDestinationConfig(message, IpFamily.IPV4))
                    .isEqualTo(IpvsCodec.parseDestination(message, IpFamily.IPV4).destination());
        }
        assertThat(IpvsCodec.parseDestinationConfig(NetlinkMessage.parseAll(Hex.buffer(masq)).get(0), IpFamily.IPV4))
                .isEqualTo(Destination.builder(ip("10.0.0.1"), 80).forwarding(Forwarding.MASQ).weight(5)
                        .thresholds(90, 10).build());
        assertThat(IpvsCodec.parseDestinationConfig(NetlinkMessage.parseAll(Hex.buffer(tunnel)).get(0), IpFamily.IPV4))
                .isEqualTo(Destination.builder(ip("2001:db8::2"), 8080).forwarding(Forwarding.TUNNEL).weight(0)
                        .tunnel(TunnelType.GUE, 6081, 1).build());
    }

    @Test
    void parsesDaemonTimeoutsAndInfo() throws Exception {
        NetlinkMessage daemon = NetlinkMessage.parseAll(Hex.buffer(Hex.message(FAMILY_ID, 2, 1, 1,
                Hex.bytes("09010000"), Hex.attr(3, Hex.attr(1, Hex.u32(1)), Hex.attr(2, "eth0\0".getBytes()),
                        Hex.attr(3, Hex.u32(5)), Hex.attr(4, Hex.u16(1472)), Hex.attr(7, Hex.u16(8848)),
                        Hex.attr(8, Hex.bytes("01")), Hex.attr(5, Hex.bytes("e0000051")))))).get(0);
        assertThat(IpvsCodec.parseDaemon(daemon)).isEqualTo(
                new SyncDaemon(SyncState.MASTER, "eth0", 5, 1472, ip("224.0.0.81"), 8848, 1));

        NetlinkMessage config = NetlinkMessage.parseAll(Hex.buffer(Hex.message(FAMILY_ID, 0, 1, 1,
                Hex.bytes("0c010000"), Hex.attr(4, Hex.u32(900)), Hex.attr(5, Hex.u32(120)),
                Hex.attr(6, Hex.u32(300))))).get(0);
        assertThat(IpvsCodec.parseTimeouts(config)).isEqualTo(Timeouts.ofSeconds(900, 120, 300));

        NetlinkMessage info = NetlinkMessage.parseAll(Hex.buffer(Hex.message(FAMILY_ID, 0, 1, 1,
                Hex.bytes("0e010000"), Hex.attr(1, Hex.u32(0x010201)), Hex.attr(2, Hex.u32(4096))))).get(0);
        assertThat(IpvsCodec.parseInfo(info).version()).isEqualTo("1.2.1");
        assertThat(IpvsCodec.parseInfo(info).connectionTableSize()).isEqualTo(4096);
    }

    @Test
    void ipv4NetmasksConvertBothWays() {
        assertThat(IpvsCodec.prefixToMask(32)).isEqualTo(0xFFFFFFFF);
        assertThat(IpvsCodec.prefixToMask(24)).isEqualTo(0xFFFFFF00);
        assertThat(IpvsCodec.prefixToMask(0)).isZero();
        assertThat(IpvsCodec.maskToPrefix(0xFFFFFF00)).isEqualTo(24);
        assertThat(IpvsCodec.maskToPrefix(0xFFFFFFFF)).isEqualTo(32);
        assertThat(IpvsCodec.maskToPrefix(0)).isZero();
    }
}
