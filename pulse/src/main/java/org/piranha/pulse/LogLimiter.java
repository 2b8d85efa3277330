package org.piranha.pulse;

import java.util.HashMap;
import java.util.Map;
import org.piranha.daemon.Severity;

/**
 * Rate limits the log lines that a remote party can trigger: per cause, the first line goes out at
 * once, the ones that follow within {@code period} are only counted, and the next line of that
 * cause (or {@link #flush}, once the period is over) says how many were suppressed. A flood of
 * datagrams therefore costs at most one line per cause and period, whatever its rate.
 *
 * <p>Causes are fixed words chosen by pulse (plus, at most, one of the partner's few addresses),
 * never text from a datagram or an arbitrary source address, so the map stays small.
 */
final class LogLimiter {

    interface Sink {
        void log(Severity severity, String line);
    }

    private static final class Entry {
        long lastLogged;
        long suppressed;
        Severity severity;
        String line;
    }

    private final long period;
    private final String periodWords;
    private final Sink sink;
    private final Map<String, Entry> entries = new HashMap<>();

    LogLimiter(long periodNanos, Sink sink) {
        this.period = periodNanos;
        this.periodWords = Failover.seconds(periodNanos) + " s";
        this.sink = sink;
    }

    /** Logs {@code line} now, or counts it if its cause was logged less than a period ago. */
    void log(String cause, Severity severity, String line, long now) {
        Entry entry = entries.get(cause);
        if (entry == null) {
            entry = new Entry();
            entries.put(cause, entry);
        } else if (now - entry.lastLogged < period) {
            entry.suppressed++;
            entry.severity = severity;
            entry.line = line;
            return;
        }
        emit(entry, severity, line, now);
    }

    /** Reports the causes whose lines were suppressed and whose period is over. */
    void flush(long now) {
        for (Entry entry : entries.values()) {
            if (entry.suppressed > 0 && now - entry.lastLogged >= period) {
                emit(entry, entry.severity, entry.line, now);
            }
        }
    }

    private void emit(Entry entry, Severity severity, String line, long now) {
        String suffix = entry.suppressed == 0 ? ""
                : " (" + entry.suppressed + " more like this in the last " + periodWords + " not logged)";
        entry.lastLogged = now;
        entry.suppressed = 0;
        entry.line = null;
        sink.log(severity, line + suffix);
    }
}
