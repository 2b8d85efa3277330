package org.piranha.pulse;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.piranha.daemon.Severity;

/**
 * What a datagram on a heartbeat socket means, checked in Piranha's order: a source that is not
 * the partner's address of the path it arrived on is a {@link Stranger}, then the
 * {@link HeartbeatFormat} decides (length, magic number, and with authentication the trailer).
 * Only a {@link Beat} reaches the state machine; nothing else changes anything.
 */
sealed interface Inbound {

    record Beat(Heartbeat heartbeat) implements Inbound {}

    /** Not from the partner's address of this path: dropped and counted ({@link DropTally}). */
    record Stranger(InetAddress source, String path) implements Inbound {}

    /**
     * From the partner's address but not a heartbeat to act on: logged, at most once per
     * {@code cause} every 10 s ({@link LogLimiter}).
     */
    record Rejected(String cause, Severity severity, String line) implements Inbound {}

    static Inbound classify(HeartbeatPaths.Path path, InetAddress source, ByteBuffer datagram, HeartbeatFormat format) {
        if (!path.accepts(source)) {
            return new Stranger(source, path.name());
        }
        return format.decode(source, path.name(), datagram);
    }
}
