package org.piranha.it.pulse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bench/takeover runs this on the host, at native speed: pulse needs no IPVS with
 * {@code --norun}, keepalived runs VRRP only. For each timer setting, in one {@link PulseLab}
 * (the same namespaces and segment for both), first our pulse pair then a keepalived pair
 * ({@link TakeoverContender}) has its active router killed with SIGKILL TRIALS times; the killed
 * router is started again (it comes back passive), and the next trial kills the one then holding
 * the VIP, normally the other.
 *
 * <p>Each trial waits for a heartbeat (pulse) or advertisement (keepalived) of the active router
 * on the wire, then kills it after a random part of the interval, as a real failure strikes at
 * any point of the cycle; both contenders get the same draw of delays. Two figures per trial,
 * both from tcpdump's time stamps on the observer: the takeover, from the kill until the partner's
 * first gratuitous ARP for the VIP; and the silence, from the dead router's last heartbeat or
 * advertisement on the wire until that ARP, which does not depend on where in the cycle the kill
 * fell (the detection time, deadtime or 3.61 adverts, plus the daemon's own latency).
 *
 * <p>Prints every trial, the medians, and last {@code takeover: pulse_1s=... keepalived_1s=...
 * ratio_1s=... pulse_1s_silence=... keepalived_1s_silence=... ratio_1s_silence=... ...} (medians
 * in seconds; ratio = pulse / keepalived).
 */
public final class TakeoverBenchmark {

    /** One setting: keepalived's advert_int, and pulse's keepalive and deadtime for the same interval. */
    record Timers(String key, String advert, String keepalive, String deadtime) {

        Duration interval() {
            return Duration.ofNanos(new java.math.BigDecimal(keepalive).movePointRight(9).longValueExact());
        }
    }

    /** The medians of one contender at one setting. */
    record Medians(double takeover, double silence) {}

    static final List<Timers> SETTINGS = List.of(new Timers("1s", "1", "1", "3"),
            new Timers("100ms", "0.1", "0.1", "0.3"), new Timers("10ms", "0.01", "0.01", "0.03"));
    private static final String[] MACS = {PulseLab.PRIMARY_MAC, PulseLab.BACKUP_MAC};

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        List<String> known = SETTINGS.stream().map(Timers::key).toList();
        List<String> chosen = args.length > 1 ? List.of(args[1].split(",")) : known;
        if (!known.containsAll(chosen)) {
            System.err.println("bench/takeover: the settings are " + String.join(", ", known) + ", not " + args[1]);
            System.exit(2);
        }
        Map<String, String> figures = new LinkedHashMap<>();
        for (Timers timers : SETTINGS.stream().filter(t -> chosen.contains(t.key())).toList()) {
            List<Duration> delays = randomDelays(timers.interval(), trials);
            try (PulseLab lab = new PulseLab(); TakeoverWire wire = TakeoverWire.watch(lab)) {
                Medians pulse = measure(timers, delays, lab, wire, new PulseContender(lab, wire, timers.keepalive(), timers.deadtime()));
                Medians keepalived = measure(timers, delays, lab, wire, new KeepalivedContender(lab, timers.advert()));
                String key = timers.key();
                figures.put("pulse_" + key, seconds(pulse.takeover()));
                figures.put("keepalived_" + key, seconds(keepalived.takeover()));
                figures.put("ratio_" + key, ratio(pulse.takeover(), keepalived.takeover()));
                figures.put("pulse_" + key + "_silence", seconds(pulse.silence()));
                figures.put("keepalived_" + key + "_silence", seconds(keepalived.silence()));
                figures.put("ratio_" + key + "_silence", ratio(pulse.silence(), keepalived.silence()));
                System.out.printf(Locale.ROOT, "%s: pulse (keepalive %s, deadtime %s) takeover %.3f s, silence %.3f s;"
                        + " keepalived (advert_int %s) takeover %.3f s, silence %.3f s; ratios %s and %s%n", key,
                        timers.keepalive(), timers.deadtime(), pulse.takeover(), pulse.silence(), timers.advert(),
                        keepalived.takeover(), keepalived.silence(), figures.get("ratio_" + key),
                        figures.get("ratio_" + key + "_silence"));
            }
        }
        StringBuilder last = new StringBuilder("takeover:");
        figures.forEach((key, value) -> last.append(' ').append(key).append('=').append(value));
        System.out.println(last);
    }

    /** How long after a heartbeat each trial kills: uniform over the interval, the same for both contenders. */
    private static List<Duration> randomDelays(Duration interval, int trials) {
        java.util.Random random = new java.util.Random();
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            delays.add(Duration.ofNanos((long) (random.nextDouble() * interval.toNanos())));
        }
        return delays;
    }

    /** One contender's trials, one per delay. */
    private static Medians measure(Timers timers, List<Duration> delays, PulseLab lab, TakeoverWire wire,
            TakeoverContender contender) {
        org.piranha.it.support.Netns[] routers = {lab.lb1, lab.lb2};
        List<Double> takeovers = new ArrayList<>();
        List<Double> silences = new ArrayList<>();
        try (contender) {
            contender.start();
            for (int trial = 0; trial < delays.size(); trial++) {
                // Each trial kills the router that holds the VIP, once only one does: a restarted
                // router that took over while it started (on a busy host, before it read its
                // partner's heartbeats) has settled with its partner by then.
                int active = awaitSoleHolder(routers);
                int partner = 1 - active;
                wire.awaitSignOfLife(MACS[active]);
                java.util.concurrent.locks.LockSupport.parkNanos(delays.get(trial).toNanos());
                Instant killed = contender.kill(active);
                Instant announced = wire.awaitAnnouncement(MACS[partner], PulseLab.VIP, killed, PulseLab.START);
                Instant lastHeard = wire.lastSignOfLife(MACS[active], announced);
                double takeover = Duration.between(killed, announced).toNanos() / 1e9;
                double silence = Duration.between(lastHeard, announced).toNanos() / 1e9;
                takeovers.add(takeover);
                silences.add(silence);
                System.out.printf(Locale.ROOT, "%s %s trial %d: kill -9 on lb%d %.3f s after a heartbeat, first"
                        + " gratuitous ARP from lb%d %.3f s after the kill, %.3f s after the last heartbeat%n",
                        timers.key(), contender.name(), trial + 1, active + 1, delays.get(trial).toNanos() / 1e9,
                        partner + 1, takeover, silence);
                contender.restart(active);
            }
        }
        Medians medians = new Medians(FailoverBenchmark.median(takeovers), FailoverBenchmark.median(silences));
        System.out.printf(Locale.ROOT, "%s %s: takeovers %s s, median %.3f s; silences %s s, median %.3f s%n",
                timers.key(), contender.name(), FailoverBenchmark.rounded(takeovers), medians.takeover(),
                FailoverBenchmark.rounded(silences), medians.silence());
        return medians;
    }

    /** Waits until exactly one router holds the VIP and returns it. */
    private static int awaitSoleHolder(org.piranha.it.support.Netns[] routers) {
        int[] holder = {-1};
        org.awaitility.Awaitility.await().atMost(PulseLab.START).pollInterval(Duration.ofMillis(50)).until(() -> {
            boolean first = PulseLab.hasAddress(routers[0], PulseLab.VIP);
            boolean second = PulseLab.hasAddress(routers[1], PulseLab.VIP);
            holder[0] = first == second ? -1 : first ? 0 : 1;
            return holder[0] >= 0;
        });
        return holder[0];
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String ratio(double ours, double theirs) {
        return String.format(Locale.ROOT, "%.2f", ours / theirs);
    }
}
