package org.piranha.it.pulse;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Kernel;
import org.piranha.it.support.Netns;

/**
 * bench/failover runs this where kernel IPVS is (in the VM, or directly): for each of (keepalive
 * 1, deadtime 3) and (keepalive 0.1, deadtime 0.3), cold and hot standby, a {@link DirectorPair}
 * with a client asking through the VIP every 100 ms; the active director's pulse is killed with
 * SIGKILL, and the outage is the time from the kill until the client is answered again. The
 * killed pulse is then restarted (it comes back passive) and the next trial kills the other
 * director's. An outage ends once the client, sending to the new director, is answered; it is
 * zero when no attempt failed: the killed director's kernel keeps forwarding until its lvsd,
 * losing its pulse, takes the table down ({@code deadtime} + 1 s later), and the partner moves the
 * address before that (a cold standby once its own table serves).
 * Prints every outage and takeover (kill until the partner's "partner dead: activating lvs")
 * and, last, {@code failover: cold_1_3_s=... hot_1_3_s=... cold_01_03_s=... hot_01_03_s=...}
 * (the median outage of each). Target: hot standby within deadtime + 0.3 s.
 */
public final class FailoverBenchmark {

    /** What happens to the active director in a trial. */
    enum Failure {
        /** kill -9 of its pulse: its addresses and its kernel's table stay until its lvsd notices. */
        PULSE_KILLED("kill -9 of the pulse", false),
        /** its link goes down and its pulse is killed, as when the machine dies. */
        DIRECTOR_GONE("link down and kill -9 of the pulse", true);

        final String what;
        private final boolean linkDown;

        Failure(String what, boolean linkDown) {
            this.what = what;
            this.linkDown = linkDown;
        }

        /** Returns when it happened (epoch s): the link is down once {@code ip} returns. */
        double inflict(Netns director, Daemon pulse) {
            if (linkDown) {
                director.ok("ip", "link", "set", "eth0", "down");
            }
            double at = DirectorPair.epochNow();
            pulse.process().destroyForcibly();
            return at;
        }

        /** Before its pulse starts again. */
        void repair(Netns director) {
            if (linkDown) {
                director.ok("ip", "link", "set", "eth0", "up");
            }
        }
    }

    record Scenario(String key, String keepalive, String deadtime, boolean hotStandby, Failure failure) {}

    /** The four, run by default. */
    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("cold_1_3", "1", "3", false, Failure.PULSE_KILLED),
            new Scenario("hot_1_3", "1", "3", true, Failure.PULSE_KILLED),
            new Scenario("cold_01_03", "0.1", "0.3", false, Failure.PULSE_KILLED),
            new Scenario("hot_01_03", "0.1", "0.3", true, Failure.PULSE_KILLED));

    /** Run when named: the whole director gone, where nothing forwards for it after the failure. */
    static final List<Scenario> EXTRA = List.of(
            new Scenario("cold_1_3_gone", "1", "3", false, Failure.DIRECTOR_GONE),
            new Scenario("hot_1_3_gone", "1", "3", true, Failure.DIRECTOR_GONE),
            new Scenario("cold_01_03_gone", "0.1", "0.3", false, Failure.DIRECTOR_GONE),
            new Scenario("hot_01_03_gone", "0.1", "0.3", true, Failure.DIRECTOR_GONE));

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Scenario> chosen = args.length > 1 ? named(args[1]) : SCENARIOS;
        Kernel.requireIpvs();
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Scenario scenario : chosen) {
            Trials result = run(scenario, trials);
            double median = median(result.outages());
            medians.put(scenario.key(), median);
            System.out.printf(Locale.ROOT, "%s (keepalive %s, deadtime %s, %s standby): outages %s s, median %.3f s;"
                    + " takeovers %s s, median %.3f s%n",
                    scenario.key(), scenario.keepalive(), scenario.deadtime(), scenario.hotStandby() ? "hot" : "cold",
                    rounded(result.outages()), median, rounded(result.takeovers()), median(result.takeovers()));
        }
        System.out.println(lastLine("failover", medians));
    }

    private static List<Scenario> named(String names) {
        List<Scenario> known = new ArrayList<>(SCENARIOS);
        known.addAll(EXTRA);
        List<Scenario> chosen = new ArrayList<>();
        for (String name : names.split(",")) {
            chosen.add(known.stream().filter(s -> s.key().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no scenario " + name + "; there are "
                            + known.stream().map(Scenario::key).toList())));
        }
        return chosen;
    }

    /** Seconds from each kill until the client was served again, and until the partner took over. */
    record Trials(List<Double> outages, List<Double> takeovers) {}

    /** A bench/ executable's last line: {@code NAME: KEY_s=MEDIAN ...}. */
    static String lastLine(String name, Map<String, Double> medians) {
        StringBuilder line = new StringBuilder(name + ":");
        medians.forEach((key, median) -> line.append(String.format(Locale.ROOT, " %s_s=%.3f", key, median)));
        return line.toString();
    }

    static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    static List<String> rounded(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList();
    }

    private static Trials run(Scenario scenario, int trials) {
        List<Double> outages = new ArrayList<>();
        List<Double> takeovers = new ArrayList<>();
        try (DirectorPair pair = new DirectorPair(scenario.keepalive(), scenario.deadtime(), scenario.hotStandby())) {
            Netns[] directors = {pair.lb1, pair.lb2};
            Daemon[] pulses = new Daemon[2];
            pulses[0] = pair.pulse(pair.lb1);
            pulses[0].awaitLine("STARTING PULSE AS MASTER", DirectorPair.WAIT);
            pulses[1] = pair.pulse(pair.lb2);
            pulses[1].awaitLine("STARTING PULSE AS BACKUP", DirectorPair.WAIT);
            awaitStandby(pulses[1], scenario);
            awaitReady(pair, directors, scenario);
            Daemon client = pair.startClient();
            PulsePairIT.awaitBothServersAnswer(client, 0);

            for (int trial = 0; trial < trials; trial++) {
                int active = PulseLab.hasAddress(pair.lb1, DirectorPair.VIP) ? 0 : 1;
                Daemon partner = pulses[1 - active];
                awaitStandby(partner, scenario); // the primary may have taken the active role back
                int mark = partner.lineCount();
                double killedAt = scenario.failure().inflict(directors[active], pulses[active]);
                partner.awaitLineAfter(mark, line -> line.endsWith("partner dead: activating lvs"),
                        "takeover", DirectorPair.WAIT);
                double takenOverAt = DirectorPair.epochNow();
                Duration outage = pair.awaitServedThrough(directors[1 - active], client, killedAt);
                outages.add(outage.toNanos() / 1e9);
                takeovers.add(takenOverAt - killedAt);
                System.out.printf(Locale.ROOT, "%s trial %d: %s on %s at %.3f, %s took over after %.3f s,"
                        + " client %s%n", scenario.key(), trial + 1, scenario.failure().what, directors[active].name(),
                        killedAt,
                        directors[1 - active].name(), takenOverAt - killedAt, outage.isZero()
                                ? "never went unanswered"
                                : String.format(Locale.ROOT, "answered again after %.3f s", outage.toNanos() / 1e9));
                PulsePairIT.awaitBothServersAnswer(client, DirectorPair.epochNow());
                scenario.failure().repair(directors[active]);
                pulses[active] = pair.pulse(directors[active]);
                pulses[active].awaitLine("removed " + DirectorPair.VIP + "/32", DirectorPair.WAIT);
                awaitStandby(pulses[active], scenario);
                awaitReady(pair, directors, scenario);
            }
        }
        return new Trials(outages, takeovers);
    }

    /**
     * A cold standby is ready once its lvsd is parked (lvsd(8)): a trial that killed the active
     * pulse before would time the parked lvsd's own start, which a standby that has been passive
     * for a while has long finished. So is one that gave the active role back to the primary.
     */
    private static void awaitStandby(Daemon passive, Scenario scenario) {
        if (!scenario.hotStandby()) {
            await().atMost(DirectorPair.WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> parkedSinceLastActive(passive.lines()));
        }
    }

    /**
     * Whether the last lvsd this pulse started parked after its router was last active: a
     * passive router that was active before (the primary took the active role back) stops that
     * lvsd and parks a new one.
     */
    static boolean parkedSinceLastActive(List<String> lines) {
        int parked = -1;
        int active = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains("]: parked (cold standby):")) {
                parked = i;
            } else if (line.contains("]: this router is active now")) {
                active = i;
            }
        }
        return parked > active;
    }

    /** One director active with the table ready; with hot standby the other's table ready too. */
    private static void awaitReady(DirectorPair pair, Netns[] directors, Scenario scenario) {
        await().atMost(DirectorPair.WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            int owners = 0;
            int tables = 0;
            for (Netns director : directors) {
                owners += PulseLab.hasAddress(director, DirectorPair.VIP) ? 1 : 0;
                tables += PulsePairIT.table(director).equals(PulsePairIT.TABLE.stream().sorted().toList()) ? 1 : 0;
            }
            return owners == 1 && tables == (scenario.hotStandby() ? 2 : 1);
        });
    }
}
