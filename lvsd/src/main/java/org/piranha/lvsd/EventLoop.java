package org.piranha.lvsd;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lvsd's one thread of logic: signals, nanny reports and exits, timers all run here in turn. A
 * task that throws is logged and lvsd goes on (a bug must not take the load balancer down).
 */
final class EventLoop implements Executor, Timers {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "lvsd");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Timer after(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** Runs {@code task} every {@code period}, first after one period. */
    void every(Duration period, Runnable task) {
        executor.scheduleWithFixedDelay(guarded(task), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("internal error (lvsd goes on; please report it): {}", e, e);
            }
        };
    }
}
