package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A flood costs a bounded number of log lines, and the lines say what was held back. */
class HeartbeatGateTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final List<String> lines = new ArrayList<>();
    private final HeartbeatGate gate = new HeartbeatGate(new PlainHeartbeats(),
            (severity, line) -> lines.add(severity + " " + line));

    private static ByteBuffer bytes(byte[] datagram) {
        return ByteBuffer.wrap(datagram);
    }

    @Test
    void theFirstOfACauseIsLoggedAtOnce_thenOneLineEveryTenSecondsWithTheCount() {
        long t = 0;
        for (int i = 0; i < 20_000; i++) {
            gate.admit(InboundTest.PUBLIC, ConfigToActionsTest.ip("10.0.0.12"), bytes(new byte[3]), t + i * 1000L);
        }
        assertThat(lines).containsExactly("WARNING bad heartbeat packet");
        gate.flush(5 * SECOND);
        assertThat(lines).hasSize(1);
        gate.flush(10 * SECOND);
        assertThat(lines).containsExactly("WARNING bad heartbeat packet",
                "WARNING bad heartbeat packet (19999 more like this in the last 10 s not logged)");
        gate.flush(30 * SECOND);
        assertThat(lines).hasSize(2);
        gate.admit(InboundTest.PUBLIC, ConfigToActionsTest.ip("10.0.0.12"), bytes(new byte[3]), 31 * SECOND);
        assertThat(lines).last().isEqualTo("WARNING bad heartbeat packet");
    }

    @Test
    void causesAreLimitedApart() {
        gate.admit(InboundTest.PUBLIC, ConfigToActionsTest.ip("10.0.0.12"), bytes(new byte[3]), 0);
        gate.admit(InboundTest.PUBLIC, ConfigToActionsTest.ip("10.0.0.12"), bytes(new byte[4]), 1);
        assertThat(lines).containsExactly("WARNING bad heartbeat packet",
                "WARNING Incompatible heartbeat received -- other system not using identical services");
    }

    @Test
    void strangersAreCountedAndNamed_atMostOneLineAMinute_withBoundedSources() throws Exception {
        byte[] running = HeartbeatCodec.encode(Heartbeat.RUNNING);
        assertThat(gate.admit(InboundTest.PUBLIC, ConfigToActionsTest.ip("10.0.0.99"), bytes(running), 0)).isEmpty();
        assertThat(warnings()).hasSize(1).first().asString()
                .startsWith("WARNING dropped 1 datagram on the heartbeat port not sent by the partner's address of that path"
                        + " (10.0.0.99: 1)");
        for (int i = 0; i < 60_000; i++) {
            InetAddress source = InetAddress.getByAddress(new byte[] {10, 1, (byte) (i >> 8), (byte) i});
            gate.admit(InboundTest.PUBLIC, source, bytes(running), SECOND + i);
        }
        gate.admit(InboundTest.PRIVATE, ConfigToActionsTest.ip("10.0.0.12"), bytes(running), 2 * SECOND);
        gate.flush(59 * SECOND);
        assertThat(warnings()).hasSize(1);
        gate.flush(60 * SECOND);
        assertThat(warnings()).hasSize(2);
        String summary = warnings().get(1);
        assertThat(summary).startsWith("WARNING dropped 60001 datagrams on the heartbeat port in the last 60 s")
                .contains("10.1.0.0: 1, ").contains("others: 59993").hasSizeLessThan(600);
        assertThat(lines.stream().filter(l -> l.startsWith("DEBUG Unexpected heartbeat from"))).hasSize(2);
    }

    @Test
    void heartbeatsFromThePartnerPass() {
        assertThat(gate.admit(InboundTest.PUBLIC, ConfigToActionsTest.ip("10.0.0.12"),
                bytes(HeartbeatCodec.encode(Heartbeat.STOPPED)), 0)).contains(Heartbeat.STOPPED);
        assertThat(lines).isEmpty();
    }

    @Test
    void theSubnetTestOfTheDeviceBinding() {
        assertThat(DeviceBinding.sameSubnet(ConfigToActionsTest.ip("10.6.3.1"), ConfigToActionsTest.ip("10.6.3.2"), 24))
                .isTrue();
        assertThat(DeviceBinding.sameSubnet(ConfigToActionsTest.ip("10.6.3.1"), ConfigToActionsTest.ip("10.6.4.2"), 24))
                .isFalse();
        assertThat(DeviceBinding.sameSubnet(ConfigToActionsTest.ip("10.6.3.1"), ConfigToActionsTest.ip("10.6.3.2"), 32))
                .isFalse();
    }

    private List<String> warnings() {
        return lines.stream().filter(l -> l.startsWith("WARNING")).toList();
    }

}
