package org.piranha.nanny;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real nanny JVM, started from this module's classes with the test JVM's java. Its stdout
 * (the protocol) and stderr are kept line by line so tests await lines instead of sleeping.
 * Standard input stays an open pipe, as lvsd keeps it, until {@link #closeStdin}.
 */
final class NannyProcess implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    /** The {@code checked ...} lines, one per check, kept apart so that tests of the other lines see them as before. */
    private final List<String> checks = new ArrayList<>();

    private final Thread outReader;
    private final Thread errReader;

    private NannyProcess(Process process) {
        this.process = process;
        this.outReader = reader(process.getInputStream(), out, checks, "nanny stdout");
        this.errReader = reader(process.getErrorStream(), err, null, "nanny stderr");
    }

    static NannyProcess start(String... args) {
        return start(List.of(), Map.of(), args);
    }

    /** Starts nanny with extra JVM options (-D...) and environment variables. */
    static NannyProcess start(List<String> jvmOptions, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k",
                "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), NannyMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            return new NannyProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path classes() {
        return locationOf(NannyMain.class);
    }

    /** nanny's classes and its one library, RE2/J, as the launcher puts them on the class path. */
    static String classPath() {
        return classes() + java.io.File.pathSeparator + locationOf(com.google.re2j.Pattern.class);
    }

    private static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Thread reader(java.io.InputStream stream, List<String> lines, List<String> checks, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    List<String> into = checks != null && line.startsWith("checked ") ? checks : lines;
                    synchronized (into) {
                        into.add(line);
                        into.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone; its lines are kept
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for a protocol line equal to {@code line} after the first {@code from} lines. */
    String await(String line, int from) {
        return awaitAfter(from, l -> l.equals(line), "the line \"" + line + "\"");
    }

    String await(String line) {
        return await(line, 0);
    }

    /** Waits for a line after the first {@code from} matching {@code test}; returns it. */
    String awaitAfter(int from, Predicate<String> test, String what) {
        return awaitIn(out, from, test, what);
    }

    /** The index of the awaited line, for ordering checks. */
    int indexOf(String line, int from) {
        await(line, from);
        synchronized (out) {
            for (int i = from; i < out.size(); i++) {
                if (out.get(i).equals(line)) {
                    return i;
                }
            }
        }
        throw new AssertionError("unreachable");
    }

    /** Waits for a {@code checked ...} line after the first {@code from} of them matching {@code test}. */
    String awaitCheck(int from, Predicate<String> test, String what) {
        return awaitIn(checks, from, test, what);
    }

    List<String> checks() {
        synchronized (checks) {
            return List.copyOf(checks);
        }
    }

    String awaitErr(Predicate<String> test, String what) {
        return awaitIn(err, 0, test, what);
    }

    private String awaitIn(List<String> lines, int from, Predicate<String> test, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (lines) {
            for (int seen = from; ; ) {
                for (; seen < lines.size(); seen++) {
                    if (test.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("nanny printed no " + what + " within " + WAIT
                            + "; stdout:\n" + String.join("\n", lines()) + "\nstderr:\n"
                            + String.join("\n", errLines()));
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

    List<String> lines() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    List<String> errLines() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    /** The protocol lines that are not log lines: ready, up weight=N, down, quiesce. */
    List<String> reports() {
        List<String> reports = new ArrayList<>();
        for (String line : lines()) {
            if (!line.startsWith("log ")) {
                reports.add(line);
            }
        }
        return reports;
    }

    int lineCount() {
        synchronized (out) {
            return out.size();
        }
    }

    long pid() {
        return process.pid();
    }

    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                    .inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int awaitExit() {
        try {
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("nanny did not exit within " + WAIT + "; stdout:\n"
                        + String.join("\n", lines()));
            }
            outReader.join(WAIT.toMillis()); // the last lines are read
            errReader.join(WAIT.toMillis());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
