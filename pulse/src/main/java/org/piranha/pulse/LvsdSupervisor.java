package org.piranha.pulse;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lvsd as pulse's child: started with Piranha's arguments, stopped with SIGTERM (SIGKILL after
 * {@link #STOP_TIMEOUT_SECONDS}), HUP passed on. Starting and stopping run in order on a worker
 * thread, so a start waits for the previous lvsd to be gone and pulse's event loop never blocks.
 *
 * <p>lvsd gets a pipe as standard input whose write end pulse keeps open and never writes: when
 * pulse dies, even by SIGKILL, lvsd reads end of file and stops its nannies and services.
 */
final class LvsdSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(LvsdSupervisor.class);

    /** lvsd stops one nanny per real server, each withdrawing its server: give it time. */
    static final long STOP_TIMEOUT_SECONDS = 15;

    /** Told, on any thread, when lvsd ends without having been asked to. */
    interface Listener {
        void exited(long pid, int status);

        void failedToStart(String reason);

        /** lvsd started (for the status socket). */
        default void started(long pid) {}

        /** lvsd ended, asked to or not (for the status socket). */
        default void ended(long pid) {}
    }

    private final List<String> command;
    /** Set in lvsd's environment besides pulse's own (where lvsd reports to, for the status socket). */
    private final java.util.function.Supplier<java.util.Map<String, String>> environment;
    private final ExecutorService worker;
    private final Listener listener;

    // confined to the worker thread
    private Process process;
    private OutputStream stdin;
    private volatile Process expectedToExit;

    LvsdSupervisor(List<String> command, ExecutorService worker, Listener listener) {
        this(command, java.util.Map::of, worker, listener);
    }

    LvsdSupervisor(List<String> command, java.util.function.Supplier<java.util.Map<String, String>> environment,
            ExecutorService worker, Listener listener) {
        this.environment = environment;
        this.command = List.copyOf(command);
        this.worker = worker;
        this.listener = listener;
    }

    /** Piranha's command: {@code lvsd --nofork -c CFG} as a daemon, {@code --nodaemon -c CFG} with -n; -v passed on. */
    static List<String> command(String lvsd, String configFile, boolean nodaemon, boolean verbose) {
        List<String> command = new java.util.ArrayList<>(List.of(lvsd, nodaemon ? "--nodaemon" : "--nofork",
                "-c", configFile));
        if (verbose) {
            command.add("-v");
        }
        return command;
    }

    /** Starts lvsd unless it runs already. */
    void ensureRunning() {
        worker.execute(() -> {
            if (process != null && process.isAlive()) {
                return;
            }
            closeStdin(); // the pipe of an lvsd that died by itself
            LOG.debug("DEBUG -- Executing '{}'", String.join(" ", command));
            Process started;
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                        .redirectError(ProcessBuilder.Redirect.INHERIT);
                builder.environment().putAll(environment.get());
                started = builder.start();
            } catch (IOException e) {
                listener.failedToStart("cannot run lvsd " + command.get(0) + ": " + e.getMessage());
                return;
            }
            process = started;
            stdin = started.getOutputStream();
            listener.started(started.pid());
            started.onExit().thenAccept(done -> {
                listener.ended(done.pid());
                if (done != expectedToExit) {
                    listener.exited(done.pid(), done.exitValue());
                }
            });
        });
    }

    /** Stops lvsd if it runs; completes once it is gone. */
    CompletableFuture<Void> stop() {
        return CompletableFuture.runAsync(() -> {
            Process running = process;
            process = null;
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
        }, worker);
    }

    /** Passes a HUP on to lvsd, if it runs. */
    void hangup() {
        worker.execute(() -> {
            if (process != null && process.isAlive()) {
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
