package org.piranha.lvsd;

import java.util.List;
import org.piranha.lvscf.RealServer;

/**
 * One active real server of a running service: its nanny and what the nanny last reported.
 * Touched only on lvsd's event loop.
 */
final class ServerRuntime {

    /** What the real server's nannies reported last. */
    enum Health {
        /** No report yet since lvsd took charge: IPVS is left as it is (a leftover entry is kept). */
        UNKNOWN,
        UP,
        DOWN,
        QUIESCED
    }

    final Endpoint endpoint;
    RealServer server;
    List<String> argv;
    Nanny nanny;
    Health health = Health.UNKNOWN;
    /** The weight it has in IPVS while {@link Health#UP}. */
    int weight;
    /**
     * Set while a restarted nanny climbs its slow start (it reports {@code w>>5} first): the
     * weight the server had when its nanny was restarted (or that lvsd found in IPVS at start),
     * which it keeps until the new nanny reports down or reaches it. 0 when nothing is held.
     */
    int heldWeight;
    /** Its nanny reported at least once, or lvsd gave up on its nanny: it counts for the sorry server. */
    boolean decided;
    boolean givenUp;
    /** lvsd's start-up check of it failed once (and said so). */
    boolean failedStartCheck;
    RestartPolicy restarts = new RestartPolicy();
    /** Its nannies' checks since lvsd took charge of it, for the health-check metrics. */
    private long checks;
    private long failedChecks;
    private long checkMicros;
    private long lastCheckMicros;
    Timers.Timer pendingRestart;
    Timers.Timer pendingRetry;

    ServerRuntime(RealServer server, Endpoint endpoint, List<String> argv) {
        this.server = server;
        this.endpoint = endpoint;
        this.argv = argv;
    }

    /**
     * A new nanny takes over from one that died or was stopped: a server that is up keeps its
     * weight rather than drop to the new nanny's slow-start weight.
     */
    void nannyRestarted() {
        if (health == Health.UP && weight > 0) {
            heldWeight = Math.max(heldWeight, weight);
        }
    }

    /**
     * lvsd found the server in IPVS at start, left there by an lvsd that died: like a server
     * whose nanny was restarted, it keeps that weight (up to its configured one) while its new
     * nanny climbs the slow start, unless the nanny finds it down.
     */
    void adopted(int weightInIpvs) {
        heldWeight = Math.max(0, Math.min(weightInIpvs, server.weight()));
    }

    /**
     * lvsd's own check at start passed before the nanny reported: the server is up at its
     * configured weight and keeps it while the nanny's slow start climbs, as an adopted one.
     * Not {@link #decided}: only a nanny's report counts for the sorry server.
     */
    void passedStartCheck() {
        health = Health.UP;
        weight = server.weight();
        heldWeight = server.weight();
    }

    /**
     * A reload gave the server another weight in lvs.cf: it applies now when lower than the
     * weight the server has, and a weight held for a restarted nanny is no higher than it.
     */
    void configuredWeightChanged(int configured) {
        if (health == Health.UP && weight > configured) {
            weight = configured;
        }
        heldWeight = Math.min(heldWeight, configured);
    }

    void up(int reported) {
        this.health = Health.UP;
        this.decided = true;
        // the new nanny has reached the held weight (or the configured one, the end of its slow start)
        if (reported >= Math.min(heldWeight, server.weight())) {
            heldWeight = 0;
        }
        this.weight = Math.max(reported, heldWeight);
    }

    void down() {
        this.health = Health.DOWN;
        this.heldWeight = 0;
        this.decided = true;
    }

    void quiesce() {
        this.health = Health.QUIESCED;
        this.heldWeight = 0;
        this.decided = true;
    }

    /** A nanny's check ended (nanny's {@code checked} line). */
    void checked(boolean passed, long micros) {
        checks++;
        if (!passed) {
            failedChecks++;
        }
        checkMicros += micros;
        lastCheckMicros = micros;
    }

    StatusReporter.Checks checks() {
        return new StatusReporter.Checks(checks, failedChecks, checkMicros, lastCheckMicros);
    }

    void cancelTimers() {
        if (pendingRestart != null) {
            pendingRestart.cancel();
            pendingRestart = null;
        }
        if (pendingRetry != null) {
            pendingRetry.cancel();
            pendingRetry = null;
        }
    }
}
