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
 * losing its pulse, takes the table down, and a short deadtime can move the address before that.
 * Prints every outage and takeover (kill until the partner's "partner dead: activating lvs")
 * and, last, {@code failover: cold_1_3_s=... hot_1_3_s=... cold_01_03_s=... hot_01_03_s=...}
 * (the median outage of each). Target: hot standby within deadtime + 0.3 s.
 */
public final class FailoverBenchmark {

    record Scenario(String key, String keepalive, String deadtime, boolean hotStandby) {}

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("cold_1_3", "1", "3", false),
            new Scenario("hot_1_3", "1", "3", true),
            new Scenario("cold_01_03", "0.1", "0.3", false),
            new Scenario("hot_01_03", "0.1", "0.3", true));

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> only = args.length > 1 ? List.of(args[1].split(",")) : List.of();
        Kernel.requireIpvs();
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Scenario scenario : SCENARIOS) {
            if (!only.isEmpty() && !only.contains(scenario.key())) {
                continue;
            }
            Trials result = run(scenario, trials);
            double median = median(result.outages());
            medians.put(scenario.key(), median);
            System.out.printf(Locale.ROOT, "%s (keepalive %s, deadtime %s, %s standby): outages %s s, median %.3f s;"
                    + " takeovers %s s, median %.3f s%n",
                    scenario.key(), scenario.keepalive(), scenario.deadtime(), scenario.hotStandby() ? "hot" : "cold",
                    rounded(result.outages()), median, rounded(result.takeovers()), median(result.takeovers()));
        }
        StringBuilder line = new StringBuilder("failover:");
        medians.forEach((key, median) -> line.append(String.format(Locale.ROOT, " %s_s=%.3f", key, median)));
        System.out.println(line);
    }

    /** Seconds from each kill until the client was served again, and until the partner took over. */
    record Trials(List<Double> outages, List<Double> takeovers) {}

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static List<String> rounded(List<Double> values) {
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
            awaitReady(pair, directors, scenario);
            Daemon client = pair.startClient();
            PulsePairIT.awaitBothServersAnswer(client, 0);

            for (int trial = 0; trial < trials; trial++) {
                int active = PulseLab.hasAddress(pair.lb1, DirectorPair.VIP) ? 0 : 1;
                Daemon partner = pulses[1 - active];
                int mark = partner.lineCount();
                double killedAt = DirectorPair.epochNow();
                pulses[active].process().destroyForcibly();
                partner.awaitLineAfter(mark, line -> line.endsWith("partner dead: activating lvs"),
                        "takeover", DirectorPair.WAIT);
                double takenOverAt = DirectorPair.epochNow();
                Duration outage = pair.awaitServedThrough(directors[1 - active], client, killedAt);
                outages.add(outage.toNanos() / 1e9);
                takeovers.add(takenOverAt - killedAt);
                System.out.printf(Locale.ROOT, "%s trial %d: kill -9 of the pulse on %s, %s took over after %.3f s,"
                        + " client %s%n", scenario.key(), trial + 1, directors[active].name(),
                        directors[1 - active].name(), takenOverAt - killedAt, outage.isZero()
                                ? "never went unanswered"
                                : String.format(Locale.ROOT, "answered again after %.3f s", outage.toNanos() / 1e9));
                PulsePairIT.awaitBothServersAnswer(client, DirectorPair.epochNow());
                pulses[active] = pair.pulse(directors[active]);
                pulses[active].awaitLine("removed " + DirectorPair.VIP + "/32", DirectorPair.WAIT);
                awaitReady(pair, directors, scenario);
            }
        }
        return new Trials(outages, takeovers);
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
