package org.piranha.daemon;

import java.io.PrintStream;

/**
 * Logs for {@code -n/--nodaemon}: {@code NAME[PID]: MESSAGE} per line on stdout. When stdout is
 * the journal every physical line starts with its level, {@code <N>}, which journald strips and
 * records as the entry's priority.
 */
final class StdoutSink implements LogSink {

    private final PrintStream out;
    private final boolean levelPrefix;

    StdoutSink(PrintStream out, boolean levelPrefix) {
        this.out = out;
        this.levelPrefix = levelPrefix;
    }

    @Override
    public void write(String name, long pid, Severity severity, String message) {
        StringBuilder text = new StringBuilder(message.length() + 32);
        for (String line : message.split("\\R")) {
            if (levelPrefix) {
                text.append('<').append(severity.code()).append('>');
            }
            text.append(name).append('[').append(pid).append("]: ").append(line).append('\n');
        }
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }
}
