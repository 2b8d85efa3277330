package org.piranha.pulse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Piranha's heartbeat datagram: exactly four bytes, the magic number in the sender's own byte
 * order (Piranha never called htonl). A pulse and a Piranha pulse on the same architecture
 * (x86: little-endian, RUNNING goes out as {@code DA DB AD BD}) therefore understand each other.
 */
final class HeartbeatCodec {

    /** The byte order on the wire: this machine's, as Piranha's. */
    static final ByteOrder WIRE_ORDER = ByteOrder.nativeOrder();

    static final int LENGTH = 4;

    /** What a datagram from the partner turned out to be. */
    sealed interface Decoded {
        /** A heartbeat this pulse understands. */
        record Beat(Heartbeat heartbeat) implements Decoded {}

        /** Not four bytes long: Piranha's "bad heartbeat packet". */
        record BadLength(int length) implements Decoded {}

        /** Four bytes, but not a known magic number (for instance a Piranha in FOS mode). */
        record Incompatible(int magic) implements Decoded {}
    }

    private HeartbeatCodec() {}

    static byte[] encode(Heartbeat heartbeat) {
        return ByteBuffer.allocate(LENGTH).order(WIRE_ORDER).putInt(heartbeat.magic()).array();
    }

    /** Decodes the readable bytes of {@code datagram} without consuming them. */
    static Decoded decode(ByteBuffer datagram) {
        if (datagram.remaining() != LENGTH) {
            return new Decoded.BadLength(datagram.remaining());
        }
        int magic = datagram.duplicate().order(WIRE_ORDER).getInt();
        return Heartbeat.ofMagic(magic).<Decoded>map(Decoded.Beat::new)
                .orElseGet(() -> new Decoded.Incompatible(magic));
    }
}
