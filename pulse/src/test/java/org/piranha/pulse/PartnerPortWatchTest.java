package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which ICMP messages count as the partner refusing our heartbeat. */
class PartnerPortWatchTest {

    static final String OWN = "10.0.0.2";
    static final String PARTNER = "10.0.0.1";
    static final int PORT = 539;

    static final HeartbeatPaths.Path PUBLIC = path("public", OWN, PARTNER);
    static final HeartbeatPaths.Path PRIVATE = path("private", "192.168.9.2", "192.168.9.1");
    static final List<HeartbeatPaths.Path> PATHS = List.of(PUBLIC, PRIVATE);

    static HeartbeatPaths.Path path(String name, String own, String partner) {
        return new HeartbeatPaths.Path(name, new InetSocketAddress(ip(own), PORT),
                Optional.of(new InetSocketAddress(ip(partner), PORT)));
    }

    static InetAddress ip(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** IPv4 (from -> to) carrying ICMP type/code quoting IPv4 (src -> dst) UDP sport -> dport. */
    static byte[] icmp(String from, String to, int type, int code, String src, String dst, int sport, int dport) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + 20 + 8);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 56).putInt(0).put((byte) 64).put((byte) 1).putShort((short) 0);
        b.put(ip(from).getAddress()).put(ip(to).getAddress());
        b.put((byte) type).put((byte) code).putShort((short) 0).putInt(0);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 36).putInt(0).put((byte) 64).put((byte) 17).putShort((short) 0);
        b.put(ip(src).getAddress()).put(ip(dst).getAddress());
        b.putShort((short) sport).putShort((short) dport).putShort((short) 16).putShort((short) 0);
        return b.array();
    }

    static Optional<HeartbeatPaths.Path> refused(byte[] packet) {
        return PartnerPortWatch.refused(PATHS, packet, packet.length);
    }

    @Test
    void thePartnersPortUnreachableForOurHeartbeatCounts() {
        assertThat(refused(icmp(PARTNER, OWN, 3, 3, OWN, PARTNER, PORT, PORT))).contains(PUBLIC);
        assertThat(refused(icmp("192.168.9.1", "192.168.9.2", 3, 3, "192.168.9.2", "192.168.9.1", PORT, PORT)))
                .contains(PRIVATE);
    }

    @Test
    void theRehearsalsMadeUpAnswerCountsOnEitherPath() {
        assertThat(refused(PartnerPortWatch.sample(PUBLIC))).contains(PUBLIC);
        assertThat(refused(PartnerPortWatch.sample(PRIVATE))).contains(PRIVATE);
    }

    @Test
    void nothingElseDoes() {
        assertThat(refused(icmp("10.0.0.9", OWN, 3, 3, OWN, PARTNER, PORT, PORT))).as("from another host").isEmpty();
        assertThat(refused(icmp(PARTNER, OWN, 3, 1, OWN, PARTNER, PORT, PORT))).as("host unreachable").isEmpty();
        assertThat(refused(icmp(PARTNER, OWN, 11, 0, OWN, PARTNER, PORT, PORT))).as("time exceeded").isEmpty();
        assertThat(refused(icmp(PARTNER, OWN, 3, 3, OWN, PARTNER, PORT, 540))).as("another port").isEmpty();
        assertThat(refused(icmp(PARTNER, OWN, 3, 3, OWN, PARTNER, 40000, PORT))).as("not our socket").isEmpty();
        assertThat(refused(icmp(PARTNER, OWN, 3, 3, "10.0.0.3", PARTNER, PORT, PORT))).as("not our address").isEmpty();
        assertThat(refused(icmp(PARTNER, OWN, 3, 3, "192.168.9.2", PARTNER, PORT, PORT))).as("crossed paths")
                .isEmpty();
        byte[] whole = icmp(PARTNER, OWN, 3, 3, OWN, PARTNER, PORT, PORT);
        for (int length = 0; length < 20 + 8 + 20 + 4; length++) {
            assertThat(PartnerPortWatch.refused(PATHS, whole, length)).as("cut at %d", length).isEmpty();
        }
        byte[] tcp = whole.clone();
        tcp[28 + 9] = 6;
        assertThat(refused(tcp)).as("quoting TCP").isEmpty();
    }
}
