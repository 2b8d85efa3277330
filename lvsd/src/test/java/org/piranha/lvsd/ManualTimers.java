package org.piranha.lvsd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Timers whose clock moves only when the test says so. */
final class ManualTimers implements Timers {

    private final class Pending implements Timer {
        final Instant due;
        final Runnable task;
        boolean cancelled;

        Pending(Instant due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
            pending.remove(this);
        }
    }

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Pending> pending = new ArrayList<>();

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Timer after(Duration delay, Runnable task) {
        Pending timer = new Pending(now.plus(delay), task);
        pending.add(timer);
        return timer;
    }

    /** Moves the clock forward, running every task that falls due, in order. */
    void advance(Duration duration) {
        Instant end = now.plus(duration);
        while (true) {
            Pending next = pending.stream().filter(p -> !p.due.isAfter(end))
                    .min(Comparator.comparing(p -> p.due)).orElse(null);
            if (next == null) {
                break;
            }
            pending.remove(next);
            now = next.due;
            next.task.run();
        }
        now = end;
    }

    int pendingCount() {
        return pending.size();
    }
}
