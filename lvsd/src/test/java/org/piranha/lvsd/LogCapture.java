package org.piranha.lvsd;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.piranha.daemon.DaemonLog;

/** lvsd's log lines (and its nannies', as relayed), as {@code lvsd --nodaemon} prints them. */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    LogCapture() {
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        DaemonLog.start("lvsd", true, true);
        System.setOut(original);
    }

    /** Every line so far, without the {@code NAME[PID]: } prefix of lvsd's own lines. */
    synchronized List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines()
                .map(line -> line.replaceFirst("^lvsd\\[\\d+\\]: ", ""))
                .toList();
    }

    boolean has(String line) {
        return lines().contains(line);
    }

    @Override
    public void close() {
        DaemonLog.start("lvsd", true, false);
    }
}
