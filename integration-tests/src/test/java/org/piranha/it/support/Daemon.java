package org.piranha.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running program under test. Its stdout and stderr are merged and kept line by line so
 * tests can wait for a line instead of sleeping.
 */
public final class Daemon implements AutoCloseable {

    /**
     * For diagnosis: with -Dpiranha.it.echo=TEXT the lines of every daemon whose label contains
     * TEXT ("true": of every daemon) are also printed on stderr, labelled and stamped with the
     * time they were read (epoch seconds), as they come.
     */
    private static final String ECHO = System.getProperty("piranha.it.echo");
    /** How long {@link #awaitExit} waits for the rest of the output once the program has exited. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final String label;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final boolean echo;
    /** Counted down when the reader has reached the end of the output. */
    private final CountDownLatch drained = new CountDownLatch(1);

    private Daemon(String label, Process process) {
        this.label = label;
        this.process = process;
        this.echo = ECHO != null && (ECHO.equals("true") || label.contains(ECHO));
        Thread reader = new Thread(this::collect, "output of " + label);
        reader.setDaemon(true);
        reader.start();
    }

    public static Daemon start(String label, ProcessBuilder builder) {
        try {
            return new Daemon(label, builder.redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label, e);
        }
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (echo) {
                    System.err.printf(java.util.Locale.ROOT, "[%s %.3f] %s%n", label,
                            System.currentTimeMillis() / 1000.0, line);
                }
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away; what it printed is kept
        } finally {
            drained.countDown();
        }
        if (echo) {
            process.onExit().thenAccept(p -> System.err.println("[" + label + "] exited with status " + p.exitValue()));
        }
    }

    /** Waits until a line containing {@code text} appears and returns it. */
    public String awaitLine(String text, Duration timeout) {
        return awaitLine(line -> line.contains(text), "a line containing \"" + text + "\"", timeout);
    }

    /** Waits until a line matching {@code test} appears after {@code from} lines and returns it. */
    public String awaitLine(Predicate<String> test, String what, Duration timeout) {
        return awaitLineAfter(0, test, what, timeout);
    }

    public String awaitLineAfter(int from, Predicate<String> test, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            for (int seen = from; ; ) {
                for (; seen < lines.size(); seen++) {
                    if (test.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(label + " printed no " + what + " within " + timeout
                            + "; it printed:\n" + String.join("\n", lines));
                }
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Every line so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** How many lines so far: a mark for {@link #awaitLineAfter}. */
    public int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    public Process process() {
        return process;
    }

    /** The pid of the program itself, looking through "ip netns exec" which execs it. */
    public long pid() {
        return process.pid();
    }

    public void signal(String signal) {
        Sh.ok("kill", "-" + signal, Long.toString(pid()));
    }

    /** Sends TERM and waits for the exit; returns the exit status. */
    public int stop(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /**
     * Waits for the exit and then for the reader to have every line the program printed (its
     * last lines may still be in the pipe when it exits); a child that keeps the pipe open
     * bounds that second wait to {@link #DRAIN}. Returns the exit status.
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(label + " did not exit within " + timeout
                        + "; it printed:\n" + String.join("\n", lines()));
            }
            drained.await(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
