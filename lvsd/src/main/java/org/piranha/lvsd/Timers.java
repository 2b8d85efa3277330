package org.piranha.lvsd;

import java.time.Duration;
import java.time.Instant;

/** Time for lvsd's logic: now, and tasks later on the same thread as everything else. */
interface Timers {

    Instant now();

    /** Runs {@code task} after {@code delay}, unless cancelled first. */
    Timer after(Duration delay, Runnable task);

    /** A pending task. */
    interface Timer {
        void cancel();
    }
}
