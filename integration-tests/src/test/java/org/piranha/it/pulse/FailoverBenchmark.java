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
 * director's. Prints every outage and, last, {@code failover: cold_1_3_s=... hot_1_3_s=...
 * cold_01_03_s=... hot_01_03_s=...} (the median of each). Target: hot standby within deadtime + 0.3 s.
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
            List<Double> outages = run(scenario, trials);
            List<Double> sorted = outages.stream().sorted().toList();
            double median = sorted.get(sorted.size() / 2);
            medians.put(scenario.key(), median);
            System.out.printf(Locale.ROOT, "%s (keepalive %s, deadtime %s, %s standby): outages %s s, median %.3f s%n",
                    scenario.key(), scenario.keepalive(), scenario.deadtime(), scenario.hotStandby() ? "hot" : "cold",
                    outages.stream().map(o -> String.format(Locale.ROOT, "%.3f", o)).toList(), median);
        }
        StringBuilder line = new StringBuilder("failover:");
        medians.forEach((key, median) -> line.append(String.format(Locale.ROOT, " %s_s=%.3f", key, median)));
        System.out.println(line);
    }

    private static List<Double> run(Scenario scenario, int trials) {
        List<Double> outages = new ArrayList<>();
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
                double killedAt = DirectorPair.epochNow();
                pulses[active].process().destroyForcibly();
                Duration outage = awaitOutage(client, killedAt);
                outages.add(outage.toNanos() / 1e9);
                System.out.printf(Locale.ROOT, "%s trial %d: kill -9 of the pulse on %s, client answered again after %.3f s%n",
                        scenario.key(), trial + 1, directors[active].name(), outage.toNanos() / 1e9);
                PulsePairIT.awaitBothServersAnswer(client, DirectorPair.epochNow());
                pulses[active] = pair.pulse(directors[active]);
                pulses[active].awaitLine("removed " + DirectorPair.VIP + "/32", DirectorPair.WAIT);
                awaitReady(pair, directors, scenario);
            }
        }
        return outages;
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

    private static Duration awaitOutage(Daemon client, double since) {
        await().atMost(DirectorPair.WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> DirectorPair.outage(client, since).isPresent());
        return DirectorPair.outage(client, since).get();
    }
}
