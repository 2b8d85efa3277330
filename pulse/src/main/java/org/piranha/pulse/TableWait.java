package org.piranha.pulse;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.piranha.pulse.status.ServerReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cold standby's takeover raises its VIPs once lvsd's table serves. Raised before, the VIPs
 * draw the clients to an empty table, which refuses them (a reset); held back, the clients stay
 * with the old director while its kernel still forwards, or, when it is gone, their SYN goes
 * unanswered and is sent again. The wait ends at the first report of lvsd's, made after the wait
 * began, that its table serves ({@code serving=1}), or after {@link #BOUND} whatever lvsd says:
 * a parked lvsd that died must start a JVM first, and a real server whose start-up check hangs
 * must not hold the VIPs back for its whole timeout. Runs on pulse's event loop.
 */
final class TableWait {

    private static final Logger LOG = LoggerFactory.getLogger(TableWait.class);

    /** The longest a takeover waits: a client's first SYN retransmission comes 1 s after its SYN. */
    static final Duration BOUND = Duration.ofSeconds(1);

    private final ScheduledExecutorService loop;
    private final Supplier<ServerReports> reports;
    private final Duration bound;

    private final Runnable timedOut = this::timedOut;
    private Runnable then;
    /** When the wait under way began ({@link System#nanoTime}): only a report made since counts. */
    private long since;
    private ScheduledFuture<?> timeout;

    /** @param reports lvsd's latest reports, as the report socket keeps them */
    TableWait(ScheduledExecutorService loop, Supplier<ServerReports> reports, Duration bound) {
        this.loop = loop;
        this.reports = reports;
        this.bound = bound;
    }

    /** Begins to wait (a wait under way is dropped); {@code then} runs on the loop when it ends. */
    void await(Runnable then) {
        cancel();
        this.then = then;
        this.since = System.nanoTime();
        timeout = loop.schedule(timedOut, bound.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** On the loop, after each change of lvsd's reports. */
    void reported() {
        if (then == null) {
            return;
        }
        ServerReports latest = reports.get();
        if (latest.tableServing() && latest.atNanos() - since >= 0) {
            end();
        }
    }

    boolean waiting() {
        return then != null;
    }

    /** The wait under way, if any, ends without running what it was for. */
    void cancel() {
        then = null;
        if (timeout != null) {
            timeout.cancel(false); // on the loop: a timeout cancelled here never runs
            timeout = null;
        }
    }

    private void timedOut() {
        if (then != null) {
            LOG.warn("lvsd has not reported its table serving {} ms into the takeover: raising the VIPs without"
                    + " it; lvsd's lines above say what it is waiting for", bound.toMillis());
            end();
        }
    }

    private void end() {
        Runnable run = then;
        cancel();
        run.run();
    }
}
