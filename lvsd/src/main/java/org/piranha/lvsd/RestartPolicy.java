package org.piranha.lvsd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.piranha.daemon.Backoff;

/**
 * When a nanny that died is started again: after a delay that doubles with each recent death
 * ({@link Backoff#CHILD_RESTART}: 1 s, 2 s, 4 s, ...), until it has died {@link #GIVE_UP_DEATHS} times within
 * {@link #WINDOW}. Then lvsd gives up on it and {@code hard_shutdown} decides what happens.
 */
final class RestartPolicy {

    static final int GIVE_UP_DEATHS = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    /** What to do after a death: restart after {@code delay}, or (null delay) give up. */
    record Decision(Duration delay, int recentDeaths) {
        boolean giveUp() {
            return delay == null;
        }
    }

    private final Deque<Instant> deaths = new ArrayDeque<>();

    Decision onDeath(Instant now) {
        deaths.addLast(now);
        while (!deaths.isEmpty() && !deaths.peekFirst().isAfter(now.minus(WINDOW))) {
            deaths.removeFirst();
        }
        int recent = deaths.size();
        if (recent >= GIVE_UP_DEATHS) {
            return new Decision(null, recent);
        }
        return new Decision(Backoff.CHILD_RESTART.after(recent), recent);
    }
}
