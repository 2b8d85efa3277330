package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.piranha.daemon.Severity;

/** Piranha's receive checks, in its order, and the command splitting of active_cmd/inactive_cmd. */
class InboundTest {

    static final HeartbeatPaths PATHS = new HeartbeatPaths(539, ConfigToActionsTest.ip("10.0.0.11"),
            Optional.of(ConfigToActionsTest.ip("192.168.0.11")), Optional.of(ConfigToActionsTest.ip("10.0.0.12")),
            Optional.of(ConfigToActionsTest.ip("192.168.0.12")));
    static final HeartbeatPaths.Path PUBLIC = PATHS.paths().get(0);
    static final HeartbeatPaths.Path PRIVATE = PATHS.paths().get(1);

    static Inbound from(HeartbeatPaths.Path path, String source, byte[] datagram) {
        return Inbound.classify(path, ConfigToActionsTest.ip(source), ByteBuffer.wrap(datagram), new PlainHeartbeats());
    }

    static Inbound from(String source, byte[] datagram) {
        return from(PUBLIC, source, datagram);
    }

    @Test
    void heartbeatsFromThePartnersAddressOfEachPathCount() {
        assertThat(from(PUBLIC, "10.0.0.12", HeartbeatCodec.encode(Heartbeat.RUNNING)))
                .isEqualTo(new Inbound.Beat(Heartbeat.RUNNING));
        assertThat(from(PRIVATE, "192.168.0.12", HeartbeatCodec.encode(Heartbeat.STOPPED)))
                .isEqualTo(new Inbound.Beat(Heartbeat.STOPPED));
    }

    @Test
    void unknownSourcesAreStrangersFirst_evenWithAValidHeartbeat() {
        assertThat(from("10.0.0.99", HeartbeatCodec.encode(Heartbeat.RUNNING)))
                .isEqualTo(new Inbound.Stranger(ConfigToActionsTest.ip("10.0.0.99"), "public"));
        assertThat(from("10.0.0.99", new byte[7])).isInstanceOf(Inbound.Stranger.class);
    }

    @Test
    void thePartnersAddressOfTheOtherPathIsAStrangerToo() {
        assertThat(from(PUBLIC, "192.168.0.12", HeartbeatCodec.encode(Heartbeat.RUNNING)))
                .isInstanceOf(Inbound.Stranger.class);
        assertThat(from(PRIVATE, "10.0.0.12", HeartbeatCodec.encode(Heartbeat.RUNNING)))
                .isEqualTo(new Inbound.Stranger(ConfigToActionsTest.ip("10.0.0.12"), "private"));
    }

    @Test
    void thenTheLengthThenTheMagic() {
        assertThat(from("10.0.0.12", new byte[] {1, 2, 3}))
                .isEqualTo(new Inbound.Rejected("bad-length", Severity.WARNING, "bad heartbeat packet"));
        assertThat(from("10.0.0.12", new byte[] {1, 2, 3, 4})).isEqualTo(new Inbound.Rejected("incompatible",
                Severity.WARNING, "Incompatible heartbeat received -- other system not using identical services"));
    }

    @Test
    void commandsSplitOnSpacesAsPiranha() {
        assertThat(Commands.split("/etc/sysconfig/ha/active.sh")).containsExactly("/etc/sysconfig/ha/active.sh");
        assertThat(Commands.split(" /usr/bin/logger  -t lvs went active ")).isEqualTo(
                List.of("/usr/bin/logger", "-t", "lvs", "went", "active"));
        assertThat(Commands.split("   ")).isEmpty();
    }

    @Test
    void lvsdGetsPiranhasArguments() {
        assertThat(LvsdSupervisor.command("/usr/sbin/lvsd", "/etc/sysconfig/ha/lvs.cf", false, false))
                .containsExactly("/usr/sbin/lvsd", "--nofork", "-c", "/etc/sysconfig/ha/lvs.cf");
        assertThat(LvsdSupervisor.command("/usr/sbin/lvsd", "lvs.cf", true, true))
                .containsExactly("/usr/sbin/lvsd", "--nodaemon", "-c", "lvs.cf", "-v");
    }
}
