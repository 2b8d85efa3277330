package org.piranha.pulse;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.piranha.daemon.Severity;
import org.piranha.lvscf.Addresses;

/**
 * Counts the datagrams dropped because they did not come from the partner on the path they
 * arrived on, and says so in one line at most once per {@code period}: how many, and from
 * where. The first drop is reported at once. Only {@value #SOURCES} sources are named per
 * line (a flood with random forged sources must not grow memory or the line); the rest are
 * summed up as "others".
 */
final class DropTally {

    static final int SOURCES = 8;

    private final long period;
    private final String periodWords;
    private final LogLimiter.Sink sink;
    private final Map<String, Long> bySource = new LinkedHashMap<>();
    private long others;
    private long total;
    private long lastReport;
    private boolean reported;

    DropTally(long periodNanos, LogLimiter.Sink sink) {
        this.period = periodNanos;
        this.periodWords = Failover.seconds(periodNanos) + " s";
        this.sink = sink;
    }

    void dropped(InetAddress source, String path, long now) {
        String where = Addresses.format(source) + (path.equals("public") ? "" : " (" + path + " path)");
        if (bySource.containsKey(where) || bySource.size() < SOURCES) {
            bySource.merge(where, 1L, Long::sum);
        } else {
            others++;
        }
        total++;
        if (!reported || now - lastReport >= period) {
            report(now);
        }
    }

    /** Reports the drops counted since the last line, if a period has passed since then. */
    void flush(long now) {
        if (total > 0 && now - lastReport >= period) {
            report(now);
        }
    }

    long total() {
        return total;
    }

    private void report(long now) {
        String sources = bySource.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        if (others > 0) {
            sources += ", others: " + others;
        }
        sink.log(Severity.WARNING, "dropped " + total + (total == 1 ? " datagram" : " datagrams")
                + " on the heartbeat port " + (reported ? "in the last " + periodWords + " " : "")
                + "not sent by the partner's address of that path (" + sources + "): only primary/backup"
                + " (and primary_private/backup_private on the private path) are heard; at most one such line every "
                + periodWords);
        reported = true;
        lastReport = now;
        bySource.clear();
        others = 0;
        total = 0;
    }
}
