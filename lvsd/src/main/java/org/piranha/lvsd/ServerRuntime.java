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
    int weight;
    /** Its nanny reported at least once, or lvsd gave up on its nanny: it counts for the sorry server. */
    boolean decided;
    boolean givenUp;
    RestartPolicy restarts = new RestartPolicy();
    Timers.Timer pendingRestart;
    Timers.Timer pendingRetry;

    ServerRuntime(RealServer server, Endpoint endpoint, List<String> argv) {
        this.server = server;
        this.endpoint = endpoint;
        this.argv = argv;
    }

    void up(int weight) {
        this.health = Health.UP;
        this.weight = weight;
        this.decided = true;
    }

    void down() {
        this.health = Health.DOWN;
        this.decided = true;
    }

    void quiesce() {
        this.health = Health.QUIESCED;
        this.decided = true;
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
