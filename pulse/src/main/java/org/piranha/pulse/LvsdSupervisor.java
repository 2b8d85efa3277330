package org.piranha.pulse;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lvsd as pulse's child: started with Piranha's arguments, stopped with SIGTERM (SIGKILL after
 * {@link #STOP_TIMEOUT_SECONDS}), HUP passed on. Starting and stopping run in order on a worker
 * thread, so a start waits for the previous lvsd to be gone and pulse's event loop never blocks.
 *
 * <p>lvsd gets a pipe as standard input whose write end pulse keeps open: when pulse dies, even by
 * SIGKILL, lvsd reads end of file and stops its nannies and services ({@code deadtime} + 1 s later
 * when its table serves: the addresses pulse leaves behind keep being served until the partner
 * takes over).
 *
 * <p>On a cold standby's passive router lvsd runs parked ({@link #park}: {@code --parked}, lvsd(8)):
 * ready to take charge of IPVS but touching nothing, no table, no nanny, no check. Making it run
 * ({@link #ensureRunning}) is then one line, {@code go}, on that pipe instead of a JVM start:
 * the takeover of a cold standby no longer waits for a JVM to start and load its classes.
 */
final class LvsdSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(LvsdSupervisor.class);

    /** What a parked lvsd waits for on its standard input. */
    private static final byte[] GO = "go\n".getBytes(StandardCharsets.US_ASCII);

    /** lvsd stops one nanny per real server, each withdrawing its server: give it time. */
    static final long STOP_TIMEOUT_SECONDS = 15;

    /** Told, on any thread, when lvsd ends without having been asked to. */
    interface Listener {
        void exited(long pid, int status);

        void failedToStart(String reason);

        /** lvsd started (for the status socket). */
        default void started(long pid) {}

        /** lvsd started parked ({@code parked}), or a parked one was told to go (for the status socket). */
        default void parked(long pid, boolean parked) {}

        /** lvsd ended, asked to or not (for the status socket). */
        default void ended(long pid) {}
    }

    private final List<String> command;
    /** Set in lvsd's environment besides pulse's own (where lvsd reports to, for the status socket). */
    private final Supplier<Map<String, String>> environment;
    private final ExecutorService worker;
    private final Listener listener;

    // confined to the worker thread
    private Process process;
    private OutputStream stdin;
    /** {@link #process} runs parked: it waits for {@code go}. */
    private boolean parked;
    /** When {@link #process} was started ({@link System#nanoTime}). */
    private long startedAt;
    private volatile Process expectedToExit;

    LvsdSupervisor(List<String> command, ExecutorService worker, Listener listener) {
        this(command, Map::of, worker, listener);
    }

    LvsdSupervisor(List<String> command, Supplier<Map<String, String>> environment,
            ExecutorService worker, Listener listener) {
        this.environment = environment;
        this.command = List.copyOf(command);
        this.worker = worker;
        this.listener = listener;
    }

    /** Piranha's command: {@code lvsd --nofork -c CFG} as a daemon, {@code --nodaemon -c CFG} with -n; -v passed on. */
    static List<String> command(String lvsd, String configFile, boolean nodaemon, boolean verbose) {
        List<String> command = new ArrayList<>(List.of(lvsd, nodaemon ? "--nodaemon" : "--nofork",
                "-c", configFile));
        if (verbose) {
            command.add("-v");
        }
        return command;
    }

    /** Starts lvsd unless it runs already; one that runs parked is told to go. */
    void ensureRunning() {
        worker.execute(() -> {
            if (process != null && process.isAlive()) {
                if (parked) {
                    go();
                }
                return;
            }
            start(false);
        });
    }

    /**
     * The lvsd of a cold standby's passive router: one that runs and is not parked (its table,
     * its nannies) is stopped first, then a parked one started, unless one runs parked already.
     */
    void park() {
        worker.execute(() -> {
            if (process != null && process.isAlive()) {
                if (parked) {
                    return;
                }
                stopNow();
            }
            start(true);
        });
    }

    private void start(boolean parking) {
        closeStdin(); // the pipe of an lvsd that died by itself
        List<String> argv = command;
        if (parking) {
            argv = new ArrayList<>(command);
            argv.add("--parked");
        }
        LOG.debug("DEBUG -- Executing '{}'", String.join(" ", argv));
        Process started;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putAll(environment.get());
            started = builder.start();
        } catch (IOException e) {
            listener.failedToStart("cannot run lvsd " + command.get(0) + ": " + e.getMessage());
            return;
        }
        process = started;
        startedAt = System.nanoTime();
        parked = parking;
        stdin = started.getOutputStream();
        listener.started(started.pid());
        if (parking) {
            listener.parked(started.pid(), true);
        }
        started.onExit().thenAccept(done -> {
            listener.ended(done.pid());
            if (done != expectedToExit) {
                listener.exited(done.pid(), done.exitValue());
            }
        });
    }

    /** The parked lvsd takes charge of IPVS: one line on the pipe it reads. */
    private void go() {
        Process running = process;
        try {
            stdin.write(GO);
            stdin.flush();
            parked = false;
            LOG.debug("DEBUG -- told the parked lvsd (pid {}) to go", running.pid());
            listener.parked(running.pid(), false);
        } catch (IOException e) {
            // it is dying as we speak: its death is no failure of an active lvsd, a new one starts at once
            LOG.warn("the parked lvsd (pid {}) could not be told to go ({}): starting lvsd", running.pid(),
                    e.getMessage());
            expectedToExit = running;
            running.destroyForcibly();
            start(false);
        }
    }

    /** Stops lvsd if it runs; completes once it is gone. */
    CompletableFuture<Void> stop() {
        return CompletableFuture.runAsync(this::stopNow, worker);
    }

    /** On the worker: SIGTERM, SIGKILL after {@link #STOP_TIMEOUT_SECONDS}; returns once it is gone. */
    private void stopNow() {
        Process running = process;
        process = null;
        parked = false;
        if (running == null) {
            return;
        }
        expectedToExit = running;
        running.destroy();
        try {
            if (!running.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("lvsd (pid {}) did not stop within {} s of SIGTERM: killing it", running.pid(),
                        STOP_TIMEOUT_SECONDS);
                running.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeStdin();
    }

    /** Passes a HUP on to lvsd, if it runs. */
    void hangup() {
        hangupUnlessStartedAfter(Long.MAX_VALUE);
    }

    /**
     * Passes a HUP on to lvsd, if it runs and was started before {@code readAt} ({@link System#nanoTime}):
     * one started since has read the file itself, and a JVM signalled before it has installed its
     * handlers would die of the HUP.
     */
    void hangupUnlessStartedAfter(long readAt) {
        worker.execute(() -> {
            if (process != null && process.isAlive() && startedAt - readAt < 0) {
                try {
                    Posix.INSTANCE.kill((int) process.pid(), Posix.SIGHUP);
                } catch (LastErrorException e) {
                    LOG.warn("cannot pass SIGHUP on to lvsd (pid {}): errno {}", process.pid(), e.getErrorCode());
                }
            }
        });
    }

    private void closeStdin() {
        try {
            if (stdin != null) {
                stdin.close();
            }
        } catch (IOException e) {
            // lvsd is gone: nothing to tell it
        }
        stdin = null;
    }
}
