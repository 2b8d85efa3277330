package org.piranha.daemon;

import java.time.Duration;

/**
 * A delay that doubles with each failure in a row, from {@code first} up to {@code max}: the
 * delay before starting a child again (lvsd's nannies, pulse's standby lvsd).
 */
public record Backoff(Duration first, Duration max) {

    /** 1 s, 2 s, 4 s, ... up to 30 s. */
    public static final Backoff CHILD_RESTART = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** The delay after the {@code failures}-th failure in a row (1 for the first). */
    public Duration after(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, not " + failures);
        }
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
