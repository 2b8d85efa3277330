package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

class HeartbeatCodecTest {

    static boolean littleEndian() {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    }

    static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    @Test
    @EnabledIf("littleEndian")
    void onX86TheMagicGoesOutLittleEndianAsPiranhaSentIt() {
        assertThat(HexFormat.of().formatHex(HeartbeatCodec.encode(Heartbeat.RUNNING))).isEqualTo("dadbadbd");
        assertThat(HexFormat.of().formatHex(HeartbeatCodec.encode(Heartbeat.STOPPED))).isEqualTo("bddabdad");
        assertThat(HeartbeatCodec.decode(bytes("dadbadbd"))).isEqualTo(new HeartbeatCodec.Decoded.Beat(Heartbeat.RUNNING));
        assertThat(HeartbeatCodec.decode(bytes("bddabdad"))).isEqualTo(new HeartbeatCodec.Decoded.Beat(Heartbeat.STOPPED));
    }

    @Test
    void everyHeartbeatRoundTrips() {
        for (Heartbeat beat : Heartbeat.values()) {
            assertThat(HeartbeatCodec.decode(ByteBuffer.wrap(HeartbeatCodec.encode(beat))))
                    .isEqualTo(new HeartbeatCodec.Decoded.Beat(beat));
        }
    }

    @Test
    void magicNumbersArePiranhas() {
        assertThat(Heartbeat.RUNNING.magic()).isEqualTo(0xbdaddbda);
        assertThat(Heartbeat.STOPPED.magic()).isEqualTo(0xadbddabd);
        assertThat(Heartbeat.of(true)).isEqualTo(Heartbeat.RUNNING);
        assertThat(Heartbeat.of(false)).isEqualTo(Heartbeat.STOPPED);
    }

    @Test
    @EnabledIf("littleEndian")
    void theWrongByteOrderAndFosMagicsAreIncompatible() {
        assertThat(HeartbeatCodec.decode(bytes("bdaddbda")))
                .isEqualTo(new HeartbeatCodec.Decoded.Incompatible(0xdadbadbd));
        ByteBuffer fos = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xbeefbabe).flip();
        assertThat(HeartbeatCodec.decode(fos)).isEqualTo(new HeartbeatCodec.Decoded.Incompatible(0xbeefbabe));
    }

    @Test
    void anythingButFourBytesIsABadPacket() {
        assertThat(HeartbeatCodec.decode(bytes(""))).isEqualTo(new HeartbeatCodec.Decoded.BadLength(0));
        assertThat(HeartbeatCodec.decode(bytes("dadbad"))).isEqualTo(new HeartbeatCodec.Decoded.BadLength(3));
        assertThat(HeartbeatCodec.decode(bytes("dadbadbd00"))).isEqualTo(new HeartbeatCodec.Decoded.BadLength(5));
    }

    @Test
    void decodingDoesNotConsumeTheBuffer() {
        ByteBuffer datagram = ByteBuffer.wrap(HeartbeatCodec.encode(Heartbeat.RUNNING));
        HeartbeatCodec.decode(datagram);
        assertThat(datagram.remaining()).isEqualTo(4);
    }

    @Test
    void childLines() {
        assertThat(ChildStatus.describe(12, 0)).isEqualTo("Child process 12 exited with status 0");
        assertThat(ChildStatus.describe(12, 2)).isEqualTo("Child process 12 exited with status 2");
        assertThat(ChildStatus.describe(12, 128)).isEqualTo("Child process 12 exited with status 128");
        assertThat(ChildStatus.describe(12, 143)).isEqualTo("Child process 12 terminated with signal 15");
    }
}
