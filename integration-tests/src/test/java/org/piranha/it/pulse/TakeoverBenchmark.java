package org.piranha.it.pulse;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Netns;
import org.piranha.it.support.Tcpdump;

/**
 * bench/takeover runs this on the host, at native speed: pulse needs no IPVS with
 * {@code --norun}. Two pulses in a {@link PulseLab}, tcpdump in the observer's namespace; for
 * (keepalive 1, deadtime 3) and (keepalive 0.1, deadtime 0.3), the active pulse is killed with
 * SIGKILL and the takeover is the time until tcpdump sees the partner's first gratuitous ARP for
 * the VIP. The killed pulse is started again (it comes back passive), and once it hears its
 * partner the next trial kills the other: each kill follows closely on a heartbeat, so a takeover
 * is about the full deadtime plus pulse's own latency, the worst case. This is the part of a failover that pulse decides;
 * {@code bench/failover} measures the whole of it, with lvsd and a client, in the VM. Prints
 * every takeover and, last, {@code takeover: k1_d3_s=... k01_d03_s=...} (the medians).
 */
public final class TakeoverBenchmark {

    record Timers(String key, String keepalive, String deadtime) {}

    static final List<Timers> SETTINGS = List.of(new Timers("k1_d3", "1", "3"), new Timers("k01_d03", "0.1", "0.3"));
    private static final String[] MACS = {PulseLab.PRIMARY_MAC, PulseLab.BACKUP_MAC};

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Timers timers : SETTINGS) {
            List<Double> takeovers = run(timers, trials);
            double median = FailoverBenchmark.median(takeovers);
            medians.put(timers.key(), median);
            System.out.printf(Locale.ROOT, "%s (keepalive %s, deadtime %s): takeovers %s s, median %.3f s%n",
                    timers.key(), timers.keepalive(), timers.deadtime(), FailoverBenchmark.rounded(takeovers), median);
        }
        System.out.println(FailoverBenchmark.lastLine("takeover", medians));
    }

    private static List<Double> run(Timers timers, int trials) {
        List<Double> takeovers = new ArrayList<>();
        try (PulseLab lab = new PulseLab()) {
            Path config = lab.write("lvs.cf", PulseLab.config(timers.keepalive(), timers.deadtime()));
            Netns[] routers = {lab.lb1, lab.lb2};
            Daemon[] pulses = {lab.pulse(lab.lb1, config, "-v"), null};
            pulses[0].awaitLine("gratuitous lvs arps finished", PulseLab.START);
            pulses[1] = lab.pulse(lab.lb2, config, "-v");
            awaitHearsPartner(pulses[1], 0);
            Tcpdump arp = lab.arpWatch();

            for (int trial = 0; trial < trials; trial++) {
                int active = PulseLab.hasAddress(lab.lb1, PulseLab.VIP) ? 0 : 1;
                int partner = 1 - active;
                int seen = announcementsFrom(arp, MACS[partner]).size();
                LocalTime killedAt = LocalTime.now();
                pulses[active].process().destroyForcibly();
                await().atMost(PulseLab.START).pollInterval(Duration.ofMillis(20))
                        .until(() -> announcementsFrom(arp, MACS[partner]).size() > seen);
                Duration takeover = PulseLab.after(killedAt, announcementsFrom(arp, MACS[partner]).get(seen));
                takeovers.add(takeover.toNanos() / 1e9);
                System.out.printf(Locale.ROOT, "%s trial %d: kill -9 of the pulse on %s, first gratuitous ARP from %s"
                        + " after %.3f s%n", timers.key(), trial + 1, routers[active].name(), routers[partner].name(),
                        takeover.toNanos() / 1e9);

                pulses[active] = lab.pulse(routers[active], config, "-v");
                pulses[active].awaitLine("removed " + PulseLab.VIP + "/24", PulseLab.START);
                awaitHearsPartner(pulses[active], 0);
            }
        }
        return takeovers;
    }

    private static void awaitHearsPartner(Daemon pulse, int from) {
        pulse.awaitLineAfter(from, line -> line.endsWith("DEBUG -- Received Heartbeat from partner"),
                "a heartbeat from its partner", PulseLab.START);
    }

    private static List<Tcpdump.Frame> announcementsFrom(Tcpdump tcpdump, String mac) {
        String macHex = mac.replace(":", "");
        return PulseLab.announcements(tcpdump, PulseLab.VIP).stream().filter(f -> f.hex(6, 12).equals(macHex)).toList();
    }
}
