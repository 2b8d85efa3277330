package org.piranha.nanny;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Piranha's monitoring loop (nanny.c run()) and its state: checks start every interval; the first
 * success admits the server at once; a failure of an admitted server withdraws it at once; a
 * withdrawn server is re-admitted after {@code reentry / interval} consecutive successes. Signals
 * (from other threads) force the state, freeze or resume the checks, or stop the loop.
 *
 * <p>Every report goes through {@link Reporter}; the first verdict is always reported, so lvsd
 * also learns that a server it found in IPVS (a table left by a crash) is down.
 */
final class Monitor {

    /** Piranha's "glasses": USR1 forces down, USR2 forces up, both freeze the checks. */
    private enum Glasses { NONE, OPAQUE, ROSE }

    private final NannyConfig config;
    private final Check check;
    private final Reporter reporter;
    private final WeightPolicy weights;
    private final LoadProbe loadProbe;
    private final long intervalNanos;
    private final long countThreshold;
    private final long adjustEvery;
    private final String target;
    private final Lifeline lifeline;

    private final Object lock = new Object();
    // Guarded by lock:
    private boolean active;
    private boolean reported;
    private long count;
    private long successesSinceActive;
    private int weight;
    private Glasses glasses = Glasses.NONE;
    private long generation;
    private boolean stopping;
    private boolean wake;
    private String lastFailure;

    /**
     * @param weightPeriodMillis how often weights are adjusted (Piranha: about every 20 s)
     */
    Monitor(NannyConfig config, Check check, Reporter reporter, Lifeline lifeline,
            long weightPeriodMillis) {
        this.config = config;
        this.lifeline = lifeline;
        this.check = check;
        this.reporter = reporter;
        this.weights = new WeightPolicy(config.weight(), config.scale());
        this.loadProbe = config.loadCommand() == null ? null
                : new LoadProbe(config.loadCommand(), config.server(), new CommandRunner());
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(config.intervalMillis());
        this.countThreshold = config.countThreshold();
        this.adjustEvery = Math.max(1, weightPeriodMillis / config.intervalMillis());
        this.target = config.target();
        this.count = countThreshold;
    }

    /** Checks until {@link #stop} is called; returns then. */
    void run() {
        while (true) {
            long start = System.nanoTime();
            long checkGeneration;
            boolean frozen;
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                checkGeneration = generation;
                frozen = glasses != Glasses.NONE;
            }
            if (!frozen) {
                Verdict verdict;
                try {
                    verdict = check.run(start + intervalNanos);
                } catch (RuntimeException e) {
                    verdict = Verdict.failed("the check of " + target + " failed unexpectedly: "
                            + e + " (please report this as a bug)");
                }
                reporter.checked(verdict.available(), (System.nanoTime() - start) / 1000);
                if (apply(verdict, checkGeneration)) {
                    adjustWeight(checkGeneration, start + intervalNanos);
                }
            }
            if (reporter.broken()) {
                stop("nobody reads nanny's reports any more (lvsd is gone): exiting");
                return;
            }
            String gone = lifeline.parentGone();
            if (gone != null) {
                stop(gone);
                return;
            }
            sleepUntil(start + intervalNanos);
        }
    }

    /**
     * Applies one verdict unless a signal changed the state while the check ran.
     *
     * @return whether the server is admitted and passed: a weight adjustment may be due
     */
    private boolean apply(Verdict verdict, long checkGeneration) {
        synchronized (lock) {
            if (stopping || checkGeneration != generation || glasses != Glasses.NONE) {
                return false;
            }
            boolean first = !reported;
            reported = true;
            if (verdict.available()) {
                lastFailure = null;
                if (!active && count >= countThreshold) {
                    active = true;
                    successesSinceActive = 0;
                    weight = weights.initial();
                    reporter.info("[ active ] making " + target + " available");
                    reporter.up(weight);
                    count++;
                    return false;
                }
                count++;
                if (active) {
                    successesSinceActive++;
                }
                return active;
            }
            count = 0;
            if (active) {
                logFailure(verdict.reason(), true);
                reporter.warning("[inactive] shutting down " + target
                        + " due to connection failure");
                withdraw();
            } else if (first) {
                logFailure(verdict.reason(), true);
                reporter.warning(target + " is not available at start; it is added once it has"
                        + " passed its checks for " + seconds(config.reentryMillis())
                        + " s (reentry)");
                reporter.down();
            } else {
                if (config.verbose()) {
                    reporter.info("No service active & available...");
                }
                logFailure(verdict.reason(), false);
            }
            return false;
        }
    }

    /** Logs why a check failed: always with -v, else when it matters or the reason changed. */
    private void logFailure(String reason, boolean always) {
        if (always || config.verbose() || !reason.equals(lastFailure)) {
            reporter.warning(reason);
        }
        lastFailure = reason;
    }

    private void withdraw() {
        active = false;
        if (config.quiesce()) {
            reporter.quiesce();
        } else {
            reporter.down();
        }
    }

    /** Slow start, then load monitoring, every {@code adjustEvery} passed checks (Piranha: 20 s). */
    private void adjustWeight(long checkGeneration, long deadline) {
        int last;
        synchronized (lock) {
            if (successesSinceActive % adjustEvery != 0) {
                return;
            }
            if (weights.slowStarting(weight)) {
                weight = weights.slowStartStep(weight);
                if (config.verbose()) {
                    reporter.info("Adjusting weight of " + target + " to " + weight);
                }
                reporter.up(weight);
                return;
            }
            if (loadProbe == null) {
                return;
            }
            last = weight;
        }
        double load;
        try {
            load = loadProbe.read(deadline);
        } catch (LoadProbe.LoadException e) {
            reporter.warning(e.getMessage() + "; the weight of " + target + " stays " + last);
            return;
        }
        int next = weights.forLoad(last, load);
        synchronized (lock) {
            if (stopping || checkGeneration != generation || !active || weight != last) {
                return;
            }
            if (config.verbose()) {
                reporter.info("Loadavg of " + config.server() + " is " + cFloat(load));
                reporter.info("Computing new weight " + next + " based on last weight " + last
                        + " and load " + cFloat(load));
            }
            if (next != last) {
                weight = next;
                reporter.up(weight);
            }
        }
    }

    /** SIGUSR1: withdraw the server and stop checking. */
    void forceDown() {
        synchronized (lock) {
            glasses = Glasses.OPAQUE;
            generation++;
            reported = true;
            count = 0;
            reporter.info("opaque glasses on");
            withdraw();
        }
    }

    /** SIGUSR2: admit the server with its configured weight and stop checking. */
    void forceUp() {
        synchronized (lock) {
            glasses = Glasses.ROSE;
            generation++;
            reported = true;
            if (!active) {
                active = true;
                successesSinceActive = 0;
                weight = weights.configured();
            }
            reporter.info("rose-colored glasses on");
            reporter.up(weight);
        }
    }

    /** SIGHUP: check again at once; the next success admits, the next failure withdraws. */
    void resume() {
        synchronized (lock) {
            glasses = Glasses.NONE;
            generation++;
            count = countThreshold;
            reporter.info("DEBUG -- removing glasses");
            wake = true;
            lock.notifyAll();
        }
    }

    /**
     * Stops for good: logs why, kills a running check program, withdraws the server if it is
     * admitted. The caller exits the JVM afterwards.
     */
    void stop(String why) {
        synchronized (lock) {
            if (stopping) {
                return;
            }
            stopping = true;
            generation++;
            reporter.info(why);
            long child = check.abort();
            if (child > 0) {
                reporter.info("Killing child " + child);
            }
            if (loadProbe != null) {
                loadProbe.abort();
            }
            if (active) {
                active = false;
                reporter.down();
            }
            lock.notifyAll();
        }
    }

    private void sleepUntil(long deadline) {
        synchronized (lock) {
            while (!wake && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            wake = false;
        }
    }

    /** C's %f, as Piranha printed load averages. */
    private static String cFloat(double d) {
        return String.format(Locale.ROOT, "%f", d);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000)
                : java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }
}
