package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.piranha.daemon.Severity;

/** heartbeat_auth = hmac-sha256: the trailer, and what a receiver refuses. */
class AuthenticatedHeartbeatsTest {

    static final byte[] KEY1 = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    static final byte[] KEY2 = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
    static final InetAddress PRIMARY = ConfigToActionsTest.ip("10.0.0.2");
    static final String FAILED = "heartbeat from 10.0.0.1 failed authentication: check heartbeat_key_file on both routers";

    private final AuthenticatedHeartbeats primary = new AuthenticatedHeartbeats(Role.MASTER, List.of(KEY1), 1000);
    private final AuthenticatedHeartbeats backup = new AuthenticatedHeartbeats(Role.BACKUP, List.of(KEY1), 2000);

    private static Inbound decode(AuthenticatedHeartbeats receiver, byte[] datagram) {
        return receiver.decode(ConfigToActionsTest.ip("10.0.0.1"), "public", ByteBuffer.wrap(datagram));
    }

    private static Inbound.Rejected rejected(String cause, String line) {
        return new Inbound.Rejected(cause, Severity.WARNING, line);
    }

    @Test
    void piranhasFourBytes_thenStartAndSequence_thenTheHmacOfAllWithRoleAndPath() throws Exception {
        byte[] datagram = primary.encode(Heartbeat.RUNNING, "public");
        assertThat(datagram).hasSize(52);
        assertThat(Arrays.copyOf(datagram, 4)).isEqualTo(HeartbeatCodec.encode(Heartbeat.RUNNING));
        ByteBuffer fields = ByteBuffer.wrap(datagram, 4, 16);
        assertThat(fields.getLong()).isEqualTo(1000);
        assertThat(fields.getLong()).isEqualTo(1);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY1, "HmacSHA256"));
        mac.update(datagram, 0, 20);
        mac.update(new byte[] {0, 0}); // sent by the primary (0), on the public path (0)
        assertThat(Arrays.copyOfRange(datagram, 20, 52)).isEqualTo(mac.doFinal());
        assertThat(ByteBuffer.wrap(primary.encode(Heartbeat.RUNNING, "public"), 12, 8).getLong()).isEqualTo(2);
        assertThat(ByteBuffer.wrap(primary.encode(Heartbeat.RUNNING, "private"), 12, 8).getLong()).isEqualTo(1);
    }

    @Test
    void thePartnersHeartbeatsPass_inOrder() {
        assertThat(decode(backup, primary.encode(Heartbeat.RUNNING, "public"))).isEqualTo(new Inbound.Beat(Heartbeat.RUNNING));
        assertThat(decode(backup, primary.encode(Heartbeat.STOPPED, "public"))).isEqualTo(new Inbound.Beat(Heartbeat.STOPPED));
        assertThat(decode(primary, backup.encode(Heartbeat.STOPPED, "public"))).isEqualTo(new Inbound.Beat(Heartbeat.STOPPED));
    }

    @Test
    void aCopyOfAnEarlierHeartbeatIsDropped() {
        byte[] first = primary.encode(Heartbeat.STOPPED, "public");
        byte[] second = primary.encode(Heartbeat.RUNNING, "public");
        assertThat(decode(backup, second)).isEqualTo(new Inbound.Beat(Heartbeat.RUNNING));
        String line = "heartbeat from 10.0.0.1 dropped: its counter is not above the last one taken (a copy of an"
                + " earlier heartbeat, or the clock of 10.0.0.1 went back before its pulse restarted)";
        assertThat(decode(backup, second)).isEqualTo(rejected("replay", line));
        assertThat(decode(backup, first)).isEqualTo(rejected("replay", line));
    }

    @Test
    void aRestartedPartnerStartsItsSequenceAgain_anOlderStartIsARelic() {
        decode(backup, primary.encode(Heartbeat.RUNNING, "public"));
        decode(backup, primary.encode(Heartbeat.RUNNING, "public"));
        AuthenticatedHeartbeats restarted = new AuthenticatedHeartbeats(Role.MASTER, List.of(KEY1), 5000);
        assertThat(decode(backup, restarted.encode(Heartbeat.STOPPED, "public"))).isEqualTo(new Inbound.Beat(Heartbeat.STOPPED));
        assertThat(decode(backup, primary.encode(Heartbeat.RUNNING, "public"))).isInstanceOf(Inbound.Rejected.class)
                .extracting(r -> ((Inbound.Rejected) r).cause()).isEqualTo("replay");
    }

    @Test
    void aWrongKeyATamperedByteAReflectionOrAnotherPathFailAuthentication() {
        AuthenticatedHeartbeats stranger = new AuthenticatedHeartbeats(Role.MASTER, List.of(KEY2), 3000);
        assertThat(decode(backup, stranger.encode(Heartbeat.RUNNING, "public"))).isEqualTo(rejected("failed-auth", FAILED));
        byte[] tampered = primary.encode(Heartbeat.STOPPED, "public");
        byte[] running = HeartbeatCodec.encode(Heartbeat.RUNNING);
        System.arraycopy(running, 0, tampered, 0, 4);
        assertThat(decode(backup, tampered)).isEqualTo(rejected("failed-auth", FAILED));
        // the backup's own heartbeat sent back to it as if from the primary
        assertThat(decode(backup, backup.encode(Heartbeat.RUNNING, "public"))).isEqualTo(rejected("failed-auth", FAILED));
        assertThat(backup.decode(PRIMARY, "private", ByteBuffer.wrap(primary.encode(Heartbeat.RUNNING, "public"))))
                .isInstanceOf(Inbound.Rejected.class);
    }

    @Test
    void duringARotationEitherKeyIsAccepted_theFirstSigns() {
        AuthenticatedHeartbeats rotating = new AuthenticatedHeartbeats(Role.BACKUP, List.of(KEY2, KEY1), 4000);
        assertThat(decode(rotating, primary.encode(Heartbeat.RUNNING, "public"))).isEqualTo(new Inbound.Beat(Heartbeat.RUNNING));
        AuthenticatedHeartbeats newKeyOnly = new AuthenticatedHeartbeats(Role.MASTER, List.of(KEY2), 4000);
        assertThat(decode(newKeyOnly, rotating.encode(Heartbeat.STOPPED, "public"))).isEqualTo(new Inbound.Beat(Heartbeat.STOPPED));
        assertThat(decode(primary, rotating.encode(Heartbeat.STOPPED, "public"))).isEqualTo(rejected("failed-auth", FAILED));
        primary.rekey(List.of(KEY1, KEY2));
        assertThat(decode(primary, rotating.encode(Heartbeat.STOPPED, "public"))).isEqualTo(new Inbound.Beat(Heartbeat.STOPPED));
    }

    @Test
    void piranhasPlainHeartbeatIsRefusedWithAdvice_otherLengthsAreBadPackets() {
        assertThat(decode(backup, HeartbeatCodec.encode(Heartbeat.RUNNING))).isEqualTo(rejected("unauthenticated",
                "heartbeat from 10.0.0.1 is not authenticated: set heartbeat_auth = hmac-sha256 and the same"
                        + " heartbeat_key_file on both routers"));
        assertThat(decode(backup, new byte[51])).isEqualTo(rejected("bad-length", "bad heartbeat packet"));
        assertThat(decode(backup, new byte[4])).isEqualTo(rejected("bad-length", "bad heartbeat packet"));
    }
}
