package org.piranha.it.pulse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Tcpdump;

/**
 * bench/hb-flood runs this on the host: a pair of pulses ({@code --norun}, keepalive 1, deadtime
 * 3) in a {@link PulseLab}, the primary active. The observer floods the backup's heartbeat port
 * with RATE datagrams a second (flood.py) for SECONDS, first nothing (the baseline), then junk,
 * then well-formed RUNNING heartbeats from its own (wrong) address. For each phase: the CPU the
 * backup's pulse used (utime+stime of /proc/PID/stat, % of one core), how late the backup's own
 * heartbeats were (tcpdump on the primary: the largest gap between two minus keepalive), the role
 * changes and the lines the backup logged. Last line {@code hb-flood: key=value ...}.
 */
public final class HeartbeatFloodBenchmark {

    private static final double KEEPALIVE = 1.0;
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        Map<String, String> results = new LinkedHashMap<>();
        results.put("rate", Integer.toString(rate));
        results.put("seconds", format(seconds));
        try (PulseLab lab = new PulseLab()) {
            Path config = lab.write("lvs.cf", PulseLab.config(format(KEEPALIVE), "3"));
            Daemon primary = lab.pulse(lab.lb1, config);
            primary.awaitLine("gratuitous lvs arps finished", PulseLab.START);
            Daemon backup = lab.pulse(lab.lb2, config);
            backup.awaitLine("STARTING PULSE AS BACKUP", PulseLab.START);
            int roleLines = 0;
            for (String kind : List.of("none", "garbage", "running")) {
                int mark = backup.lineCount();
                int primaryMark = primary.lineCount();
                try (Tcpdump beats = Tcpdump.start(lab.lb1, "eth0", "udp and src host " + PulseLab.BACKUP)) {
                    long cpuBefore = cpuTicks(backup.pid());
                    long started = System.nanoTime();
                    if (kind.equals("none")) {
                        Thread.sleep(Math.round(seconds * 1000)); // the baseline: nothing to wait for but time
                    } else {
                        Daemon flood = Daemon.start("flood", lab.obs.process("/usr/bin/python3",
                                PulseLab.resource("flood.py").toString(), PulseLab.OBSERVER, PulseLab.BACKUP, "539",
                                Integer.toString(rate), format(seconds), kind));
                        String sent = flood.awaitLine("sent ", Duration.ofSeconds(Math.round(seconds) + 60));
                        System.out.printf(Locale.ROOT, "%s: flood.py %s%n", kind, sent);
                        results.put(kind + "_sent", sent.split(" ")[1]);
                    }
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    double cpu = (cpuTicks(backup.pid()) - cpuBefore) * 100.0 / CLOCK_TICKS / elapsed;
                    double lateMs = (largestGap(beats.frames()) - KEEPALIVE) * 1000;
                    List<String> logged = backup.lines().subList(mark, backup.lineCount());
                    long roles = logged.stream().filter(l -> l.contains("activating")).count()
                            + primary.lines().subList(primaryMark, primary.lineCount()).stream()
                                    .filter(l -> l.contains("activating") || l.contains("resending arps")).count();
                    roleLines += roles;
                    System.out.printf(Locale.ROOT, "%s: pulse cpu %.1f%% of a core, own heartbeats at most %.1f ms late,"
                            + " %d role change lines, %d lines logged%n", kind, cpu, lateMs, roles, logged.size());
                    logged.forEach(line -> System.out.println("  " + line));
                    results.put(kind + "_cpu_pct", String.format(Locale.ROOT, "%.1f", cpu));
                    results.put(kind + "_late_ms", String.format(Locale.ROOT, "%.1f", lateMs));
                    results.put(kind + "_log_lines", Integer.toString(logged.size()));
                }
            }
            boolean passive = !PulseLab.hasAddress(lab.lb2, PulseLab.VIP) && PulseLab.hasAddress(lab.lb1, PulseLab.VIP);
            results.put("role_changes", Integer.toString(roleLines));
            results.put("roles_kept", Boolean.toString(passive && roleLines == 0));
        }
        StringBuilder line = new StringBuilder("hb-flood:");
        results.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
    }

    /** The largest time between two consecutive frames, in seconds. */
    private static double largestGap(List<Tcpdump.Frame> frames) {
        double largest = 0;
        LocalTime previous = null;
        for (Tcpdump.Frame frame : frames) {
            if (previous != null) {
                largest = Math.max(largest, Duration.between(previous, frame.time()).toNanos() / 1e9);
            }
            previous = frame.time();
        }
        return largest;
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private HeartbeatFloodBenchmark() {}
}
