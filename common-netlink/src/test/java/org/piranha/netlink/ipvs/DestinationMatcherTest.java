package org.piranha.netlink.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.piranha.netlink.Hex;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.Netlink;
import org.piranha.netlink.NetlinkMessage;

/**
 * The matched dump against the ordinary decoder: every message of a dump, in the kernel's
 * attribute order (ip_vs_genl_fill_dest), gives the same real servers either way, and the match
 * finds each difference.
 */
class DestinationMatcherTest {

    private static final int FAMILY_ID = 0x1c;

    private static InetAddress ip(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    private static Destination.Builder dest(String address, int port) throws Exception {
        return Destination.builder(ip(address), port);
    }

    /** A dumped real server as the kernel writes it: configuration, counts, family, counters. */
    private static byte[] dumped(Destination d) {
        byte[] address = new byte[16];
        byte[] raw = d.address().getAddress();
        System.arraycopy(raw, 0, address, 0, raw.length);
        return Hex.message(FAMILY_ID, Netlink.NLM_F_MULTI, 4, 77, Hex.bytes("05010000"), Hex.attr(2,
                Hex.attr(1, address), Hex.attr(2, new byte[] {(byte) (d.port() >> 8), (byte) d.port()}),
                Hex.attr(3, Hex.u32(0x100 | d.forwarding().code())), Hex.attr(4, Hex.u32(d.weight())),
                Hex.attr(13, new byte[] {(byte) d.tunnelType().code()}),
                Hex.attr(14, new byte[] {(byte) (d.tunnelPort() >> 8), (byte) d.tunnelPort()}),
                Hex.attr(15, Hex.u16(d.tunnelFlags())),
                Hex.attr(5, Hex.u32(d.upperThreshold())), Hex.attr(6, Hex.u32(d.lowerThreshold())),
                Hex.attr(7, Hex.u32(2)), Hex.attr(8, Hex.u32(9)), Hex.attr(9, Hex.u32(1)),
                Hex.attr(11, Hex.u16(d.family().number())),
                Hex.attr(10, Hex.attr(1, Hex.u32(3))), Hex.attr(12, Hex.attr(1, Hex.u64(3)))));
    }

    private static NetlinkMessage message(byte[] bytes) throws Exception {
        return NetlinkMessage.parseAll(Hex.buffer(bytes)).get(0);
    }

    /** Runs the matcher over the dump and checks its configs against decoding each message. */
    private static DestinationMatch match(List<Destination> wanted, List<byte[]> dump) throws Exception {
        DestinationMatcher matcher = new DestinationMatcher(IpFamily.IPV4, wanted);
        List<Destination> decoded = new ArrayList<>();
        for (byte[] bytes : dump) {
            assertThat(matcher.parse(message(bytes))).isNull();
            decoded.add(IpvsCodec.parseDestinationConfig(message(bytes), IpFamily.IPV4));
        }
        DestinationMatch match = matcher.result();
        assertThat(match.configs()).isEqualTo(decoded);
        boolean each = match.unwanted().isEmpty();
        for (int i = 0; i < wanted.size(); i++) {
            each &= match.matches(i);
        }
        assertThat(match.asWanted()).as("as wanted").isEqualTo(each);
        return match;
    }

    private static List<Destination> servers(int count) throws Exception {
        List<Destination> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(dest("10.1.0." + (i + 1), 80).weight(1 + i % 5).build());
        }
        return list;
    }

    private static List<byte[]> dumpOf(List<Destination> destinations) {
        return destinations.stream().map(DestinationMatcherTest::dumped).toList();
    }

    @Test
    void realServersConfiguredAsWantedAreTheWantedInstancesUndecoded() throws Exception {
        List<Destination> wanted = servers(20);
        DestinationMatch match = match(wanted, dumpOf(wanted));
        for (int i = 0; i < wanted.size(); i++) {
            assertThat(match.found(i)).isSameAs(wanted.get(i));
            assertThat(match.matches(i)).isTrue();
        }
        assertThat(match.unwanted()).isEmpty();
        assertThat(match.asWanted()).isTrue();
        Destination extra = dest("10.9.9.9", 80).build();
        List<byte[]> withExtra = new ArrayList<>(dumpOf(wanted));
        withExtra.add(dumped(extra));
        assertThat(match(wanted, withExtra).asWanted()).isFalse();
        assertThat(match(wanted, dumpOf(wanted.subList(1, wanted.size()))).asWanted()).isFalse();
    }

    @Test
    void aDumpInAnotherOrderMatchesAllTheSame() throws Exception {
        List<Destination> wanted = servers(20);
        List<Destination> reversed = new ArrayList<>(wanted);
        java.util.Collections.reverse(reversed);
        List<Destination> shuffled = new ArrayList<>(wanted);
        java.util.Collections.shuffle(shuffled, new java.util.Random(17));
        for (List<Destination> order : List.of(reversed, shuffled)) {
            DestinationMatch match = match(wanted, dumpOf(order));
            for (int i = 0; i < wanted.size(); i++) {
                assertThat(match.found(i)).isSameAs(wanted.get(i));
            }
            assertThat(match.unwanted()).isEmpty();
        }
    }

    @Test
    void everyDifferingFieldIsFoundAndDecoded() throws Exception {
        Destination tunnel = dest("10.1.0.9", 80).forwarding(Forwarding.TUNNEL).tunnel(TunnelType.GUE, 6080, 1).build();
        List<Destination> wanted = new ArrayList<>(servers(8));
        wanted.add(tunnel);
        List<Destination> there = new ArrayList<>(wanted);
        there.set(0, wanted.get(0).toBuilder().weight(7).build());
        there.set(1, wanted.get(1).toBuilder().forwarding(Forwarding.MASQ).build());
        there.set(2, wanted.get(2).toBuilder().thresholds(100, 0).build());
        there.set(3, wanted.get(3).toBuilder().thresholds(0, 5).build());
        there.set(4, wanted.get(4).toBuilder().forwarding(Forwarding.TUNNEL).build());
        there.set(8, tunnel.toBuilder().tunnel(TunnelType.GUE, 6081, 1).build());
        DestinationMatch match = match(wanted, dumpOf(there));
        for (int i : new int[] {0, 1, 2, 3, 4, 8}) {
            assertThat(match.matches(i)).as("real server %d", i).isFalse();
            assertThat(match.found(i)).isEqualTo(there.get(i)).isNotEqualTo(wanted.get(i));
        }
        for (int i : new int[] {5, 6, 7}) {
            assertThat(match.found(i)).isSameAs(wanted.get(i));
        }
        List<Destination> otherTunnels = List.of(tunnel.toBuilder().tunnel(TunnelType.GRE, 0, 1).build(),
                tunnel.toBuilder().tunnel(TunnelType.GUE, 6080, 0).build());
        for (Destination other : otherTunnels) {
            DestinationMatch tunnels = match(List.of(tunnel), List.of(dumped(other)));
            assertThat(tunnels.matches(0)).isFalse();
            assertThat(tunnels.found(0)).isEqualTo(other);
        }
    }

    @Test
    void aMissingRealServerIsNullAndAnExtraOneIsUnwanted() throws Exception {
        List<Destination> wanted = servers(5);
        Destination extra = dest("10.9.9.9", 80).build();
        Destination otherPort = wanted.get(4).toBuilder().build();
        Destination atOtherPort = dest("10.1.0.5", 8080).weight(otherPort.weight()).build();
        List<Destination> there = List.of(wanted.get(0), extra, wanted.get(2), wanted.get(3), atOtherPort);
        DestinationMatch match = match(wanted, dumpOf(there));
        assertThat(match.found(1)).isNull();
        assertThat(match.found(4)).isNull();
        assertThat(match.matches(1)).isFalse();
        assertThat(match.unwanted()).containsExactly(extra, atOtherPort);
        assertThat(match.found(0)).isSameAs(wanted.get(0));
    }

    @Test
    void mixedFamiliesAndAnIpv4MappedAddressMatchAsDecoded() throws Exception {
        Destination v6 = dest("2001:db8::2", 8080).forwarding(Forwarding.TUNNEL).build();
        Destination v4 = dest("10.0.0.9", 80).build();
        byte[] mapped = Hex.message(FAMILY_ID, Netlink.NLM_F_MULTI, 4, 77, Hex.bytes("05010000"), Hex.attr(2,
                Hex.attr(1, Hex.bytes("00000000 00000000 0000ffff 0a000009")), Hex.attr(2, Hex.bytes("0050")),
                Hex.attr(3, Hex.u32(3)), Hex.attr(4, Hex.u32(1)), Hex.attr(5, Hex.u32(0)), Hex.attr(6, Hex.u32(0)),
                Hex.attr(11, Hex.u16(10))));
        DestinationMatch match = match(List.of(v6, v4), List.of(dumped(v6), mapped));
        assertThat(match.found(0)).isSameAs(v6);
        assertThat(match.matches(1)).isTrue();
        assertThat(match.unwanted()).isEmpty();
    }

    @Test
    void aMalformedRealServerFailsAsTheDecoderDoes() throws Exception {
        byte[] noWeight = Hex.message(FAMILY_ID, Netlink.NLM_F_MULTI, 4, 77, Hex.bytes("05010000"), Hex.attr(2,
                Hex.attr(1, Hex.bytes("0a010001 00000000 00000000 00000000")), Hex.attr(2, Hex.bytes("0050")),
                Hex.attr(3, Hex.u32(0)), Hex.attr(5, Hex.u32(0)), Hex.attr(6, Hex.u32(0))));
        DestinationMatcher matcher = new DestinationMatcher(IpFamily.IPV4, servers(1));
        assertThatThrownBy(() -> matcher.parse(message(noWeight))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute 4 is missing");
    }
}
