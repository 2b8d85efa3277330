package org.piranha.pulse;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.piranha.daemon.Severity;
import org.piranha.lvscf.Addresses;

/**
 * The door of the heartbeat sockets: every datagram passes it, only the partner's heartbeats
 * come out. What it drops it counts or logs at a bounded rate, because anyone who can reach
 * the port can send: datagrams from strangers in one line a minute at most ({@link DropTally}),
 * anything else a remote party can trigger at most once per cause every 10 s ({@link LogLimiter}).
 * {@link #flush} must be called now and then (every few seconds) to report what was held back.
 */
final class HeartbeatGate {

    static final long LOG_PERIOD = TimeUnit.SECONDS.toNanos(10);
    static final long DROP_PERIOD = TimeUnit.SECONDS.toNanos(60);

    private HeartbeatFormat format;
    private final LogLimiter limiter;
    private final DropTally strangers;

    HeartbeatGate(HeartbeatFormat format, LogLimiter.Sink sink) {
        this.format = format;
        this.limiter = new LogLimiter(LOG_PERIOD, sink);
        this.strangers = new DropTally(DROP_PERIOD, sink);
    }

    /** The heartbeat in {@code datagram}, if it is one from the partner on {@code path}. */
    Optional<Heartbeat> admit(HeartbeatPaths.Path path, InetAddress source, ByteBuffer datagram, long now) {
        Inbound inbound = Inbound.classify(path, source, datagram, format);
        if (inbound instanceof Inbound.Beat beat) {
            return Optional.of(beat.heartbeat());
        }
        if (inbound instanceof Inbound.Stranger stranger) {
            strangers.dropped(stranger.source(), stranger.path(), now);
            // Piranha's -v line, now at the same bounded rate as everything else
            limiter.log("unexpected", Severity.DEBUG, "Unexpected heartbeat from " + Addresses.format(source), now);
        } else if (inbound instanceof Inbound.Rejected rejected) {
            limiter.log(rejected.cause(), rejected.severity(), rejected.line(), now);
        }
        return Optional.empty();
    }

    /** Another format from now on (heartbeat_auth changed by a reload). */
    void format(HeartbeatFormat next) {
        format = next;
    }

    void flush(long now) {
        limiter.flush(now);
        strangers.flush(now);
    }
}
