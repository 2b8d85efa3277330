package org.piranha.pulse;

import java.time.Duration;
import org.piranha.daemon.Backoff;

/**
 * When a standby lvsd ({@code hot_standby = 1}) that died on the passive router is started again:
 * 1 s after its first death, then after twice the last delay, up to 30 s ({@link Backoff#CHILD_RESTART},
 * as lvsd's nannies). An lvsd that ran for {@link #STABLE} before it died counts as healthy again
 * and starts over at 1 s.
 * There is no giving up: a cold takeover is the alternative, so pulse keeps trying, and after
 * {@link #KEEPS_DYING} deaths in a row says plainly that the operator must look at lvsd.
 * Times are on a monotonic clock in nanoseconds, as in {@link Failover}.
 */
final class LvsdRestarts {

    static final Duration STABLE = Duration.ofMinutes(1);
    static final int KEEPS_DYING = 5;

    /** The answer to one death: start lvsd again after {@code delay}; {@code deathsInARow} counts this one. */
    record Restart(Duration delay, int deathsInARow) {
        boolean keepsDying() {
            return deathsInARow >= KEEPS_DYING;
        }
    }

    private int deathsInARow;
    private long lastDeath;
    private long lastDelay;

    Restart died(long now) {
        if (deathsInARow > 0 && now - lastDeath >= lastDelay + STABLE.toNanos()) {
            deathsInARow = 0; // it ran long enough after its last restart to count as healthy
        }
        deathsInARow++;
        Duration delay = Backoff.CHILD_RESTART.after(deathsInARow);
        lastDeath = now;
        lastDelay = delay.toNanos();
        return new Restart(delay, deathsInARow);
    }
}
