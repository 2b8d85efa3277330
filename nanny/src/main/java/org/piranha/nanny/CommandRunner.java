package org.piranha.nanny;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a helper program (send_program, the load command) with a deadline and collects its output.
 * Its standard input is /dev/null. One program runs at a time; {@link #shutdown} ends it (and
 * whatever it started) from another thread, as nanny does when it is told to terminate.
 *
 * <p>The program runs in a session and process group of its own ({@code setsid}), and when it
 * exits, times out or is shut down, every process left in that group is killed, so nothing it
 * started outlives the check: not a child that keeps running after the program exited, nor one
 * re-parented to init. (A process that calls setsid() itself escapes, as from any supervisor
 * without cgroups.) Its output is read up to what the pipes hold (64 KiB each): a program that
 * writes more blocks until the deadline and is killed.
 */
final class CommandRunner {

    /** How a run ended. {@code output} is null unless the program exited by itself. */
    record Result(Outcome outcome, int exitStatus, String output, String errorOutput,
            String failure) {
    }

    enum Outcome { EXITED, TIMED_OUT, NOT_STARTED }

    private static final File DEV_NULL = new File("/dev/null");

    /**
     * util-linux's setsid: the JDK's children are not process group leaders, so it calls setsid()
     * and execs the program in the same process (-w only matters if it had to fork): the
     * program's pid is its process group id.
     */
    private static final String SETSID = findSetsid();

    /** What setsid writes on stderr when it cannot exec the program (then exits 126 or 127). */
    private static final String SETSID_FAILED = "setsid: failed to execute ";

    // Guarded by this, so that a shutdown cannot miss a program being started.
    private Process running;
    private boolean shutDown;

    Result run(List<String> command, long deadline) {
        List<String> argv = command;
        if (SETSID != null) {
            argv = new ArrayList<>(List.of(SETSID, "-w"));
            argv.addAll(command);
        }
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(DEV_NULL);
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
            String output = drain(process.getInputStream());
            String errors = drain(process.getErrorStream());
            killGroup(process);
            if (SETSID != null && errors.startsWith(SETSID_FAILED)) {
                // the program could not be executed: as when the JDK cannot start it
                return new Result(Outcome.NOT_STARTED, -1, null, null,
                        errors.substring("setsid: ".length()).strip());
            }
            return new Result(Outcome.EXITED, process.exitValue(), output, errors, null);
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
        killGroup(process);
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills what is left of the program's process group (its pid: see {@link #SETSID}). */
    private static void killGroup(Process process) {
        if (SETSID != null) {
            ProcessGroup.kill(process.pid());
        }
    }

    private static String findSetsid() {
        for (String dir : new String[] {"/usr/bin", "/bin", "/usr/sbin", "/sbin"}) {
            File setsid = new File(dir, "setsid");
            if (setsid.canExecute()) {
                return setsid.getPath();
            }
        }
        return null;
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
