package org.piranha.nanny;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a helper program (send_program, the load command) with a deadline and collects its output.
 * Its standard input is /dev/null. One program runs at a time; {@link #shutdown} ends it (and
 * whatever it started) from another thread, as nanny does when it is told to terminate.
 */
final class CommandRunner {

    /** How a run ended. {@code output} is null unless the program exited by itself. */
    record Result(Outcome outcome, int exitStatus, String output, String errorOutput,
            String failure) {
    }

    enum Outcome { EXITED, TIMED_OUT, NOT_STARTED }

    private static final File DEV_NULL = new File("/dev/null");

    // Guarded by this, so that a shutdown cannot miss a program being started.
    private Process running;
    private boolean shutDown;

    Result run(List<String> command, long deadline) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(DEV_NULL);
        Process process;
        synchronized (this) {
            if (shutDown) {
                return new Result(Outcome.NOT_STARTED, -1, null, null, "nanny is terminating");
            }
            try {
                process = builder.start();
            } catch (IOException e) {
                return new Result(Outcome.NOT_STARTED, -1, null, null, e.getMessage());
            }
            running = process;
        }
        try {
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                kill(process);
                return new Result(Outcome.TIMED_OUT, -1, null, null, null);
            }
            // The JDK drained both pipes when the process exited, so these reads cannot block
            // even when a child the program left behind still holds the pipes open.
            return new Result(Outcome.EXITED, process.exitValue(),
                    drain(process.getInputStream()), drain(process.getErrorStream()), null);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return new Result(Outcome.TIMED_OUT, -1, null, null, null);
        } finally {
            synchronized (this) {
                running = null;
            }
        }
    }

    /** Kills the program running now, if any, and starts no more; returns its pid (or -1). */
    synchronized long shutdown() {
        shutDown = true;
        Process process = running;
        if (process == null || !process.isAlive()) {
            return -1;
        }
        kill(process);
        return process.pid();
    }

    /** SIGKILLs the program and what it started, and reaps it, so nothing outlives the check. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            int available = in.available();
            byte[] bytes = in.readNBytes(Math.min(Math.max(available, 0), 64 * 1024));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
