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

    static final HeartbeatPaths PATHS = new HeartbeatPaths(539, ConfigToActionsTest.ip("10.0.0.11"), Optional.empty(),
            Optional.of(ConfigToActionsTest.ip("10.0.0.12")), Optional.of(ConfigToActionsTest.ip("192.168.0.12")));

    static Inbound from(String source, byte[] datagram) {
        return Inbound.classify(PATHS, ConfigToActionsTest.ip(source), ByteBuffer.wrap(datagram));
    }

    @Test
    void heartbeatsFromEitherPartnerAddressCount() {
        assertThat(from("10.0.0.12", HeartbeatCodec.encode(Heartbeat.RUNNING))).isEqualTo(new Inbound.Beat(Heartbeat.RUNNING));
        assertThat(from("192.168.0.12", HeartbeatCodec.encode(Heartbeat.STOPPED))).isEqualTo(new Inbound.Beat(Heartbeat.STOPPED));
    }

    @Test
    void unknownSourcesAreDroppedFirst_evenWithAValidHeartbeat() {
        assertThat(from("10.0.0.99", HeartbeatCodec.encode(Heartbeat.RUNNING)))
                .isEqualTo(new Inbound.Dropped(Severity.DEBUG, "Unexpected heartbeat from 10.0.0.99"));
        assertThat(from("10.0.0.99", new byte[7])).isInstanceOf(Inbound.Dropped.class)
                .extracting(d -> ((Inbound.Dropped) d).severity()).isEqualTo(Severity.DEBUG);
    }

    @Test
    void thenTheLengthThenTheMagic() {
        assertThat(from("10.0.0.12", new byte[] {1, 2, 3}))
                .isEqualTo(new Inbound.Dropped(Severity.WARNING, "bad heartbeat packet"));
        assertThat(from("10.0.0.12", new byte[] {1, 2, 3, 4})).isEqualTo(new Inbound.Dropped(Severity.WARNING,
                "Incompatible heartbeat received -- other system not using identical services"));
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
