package org.piranha.it.ecmp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.piranha.it.ecmp.EcmpTopology.Director;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Kernel;

/**
 * bench/ecmp runs this where kernel IPVS is (in the VM, or directly): the {@link EcmpTopology}
 * of {@link MultiActiveIT} (three multi_active directors running the installed pulse, lvsd,
 * nannies and BIRD; a BIRD router with ECMP and BFD 100 ms x 3; two real servers; scheduler mh
 * with sloppy_tcp). Each trial holds {@value #HELD} keep-alive connections open from the client,
 * then either kills a whole director (kill -9 of every process in it), cuts a director's link at
 * the switch, or stops a director's pulse cleanly (SIGTERM); it measures from the event until the
 * router's route to the VIP no longer lists that director, then asks again on every connection
 * and counts the ones that failed or reached another real server. The director is repaired
 * before the next trial. Last line:
 * {@code ecmp: directors=3 withdraw_kill_s=... withdraw_link_s=... broken_conns_kill=N/M broken_conns_stop=N/M}
 * (median withdrawals; broken connections summed over the trials).
 */
public final class EcmpBenchmark {

    private static final int HELD = 24;
    private static final Duration WAIT = Duration.ofSeconds(300);
    /** An address no director has (TEST-NET-1). */
    private static final String NO_DIRECTOR = "192.0.2.1";

    /** One trial's outcome. */
    record Outcome(Duration withdrawn, int broken, int held) {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        EcmpTopology.Timers timers = args.length > 1 && args[1].equals("issue")
                ? EcmpTopology.Timers.ISSUE : EcmpTopology.Timers.EMULATED;
        System.out.println(String.format(Locale.ROOT, "timers: BFD %d ms x %d, BGP hold %d s",
                timers.bfdIntervalMs(), timers.bfdMultiplier(), timers.holdTimeS()));
        Kernel.requireIpvs();
        List<Outcome> kills = new ArrayList<>();
        List<Outcome> links = new ArrayList<>();
        List<Outcome> stops = new ArrayList<>();
        try (EcmpTopology topology = new EcmpTopology(3, 2, timers)) {
            topology.realServers.forEach(web -> web.serve(80));
            topology.startRouter();
            for (Director d : topology.directors) {
                d.writeLvsCf(2);
                d.startBird();
                d.startPulse();
            }
            topology.awaitNexthops(WAIT, topology.allDirectors());
            // the harness's first wait for a withdrawal, made here: under the VM's emulation it loads
            // its classes then, and the first trial's clock timed that too (about 0.9 s)
            topology.awaitNotNexthop(NO_DIRECTOR, System.nanoTime(), WAIT);
            for (int trial = 0; trial < trials; trial++) {
                Director victim = topology.directors.get(trial % 3);
                kills.add(report("kill", victim, trial(topology, victim, victim.killer())));
                victim.startBird();
                victim.startPulse();
                topology.awaitNexthops(WAIT, topology.allDirectors());

                links.add(report("link", victim, trial(topology, victim, victim::unplug)));
                victim.plug();
                topology.awaitNexthops(WAIT, topology.allDirectors());

                stops.add(report("stop", victim, trial(topology, victim, () -> victim.pulse().signal("TERM"))));
                victim.pulse().awaitExit(WAIT);
                victim.startPulse();
                topology.awaitNexthops(WAIT, topology.allDirectors());
            }
        }
        System.out.println(String.format(Locale.ROOT,
                "ecmp: directors=3 withdraw_kill_s=%.3f withdraw_link_s=%.3f broken_conns_kill=%s broken_conns_stop=%s",
                median(kills), median(links), broken(kills), broken(stops)));
    }

    private static Outcome trial(EcmpTopology topology, Director victim, Runnable event) throws IOException {
        try (Daemon client = topology.client("hold", HELD)) {
            client.awaitLine("held " + HELD, WAIT);
            long start = System.nanoTime();
            event.run();
            Duration withdrawn = topology.awaitGone(victim, start, WAIT);
            int mark = client.lineCount();
            client.process().getOutputStream().write("check\n".getBytes(StandardCharsets.UTF_8));
            client.process().getOutputStream().flush();
            String line = client.awaitLineAfter(mark, l -> l.startsWith("checked "), "a check's summary", WAIT);
            int broken = Integer.parseInt(line.substring(line.indexOf("broken=") + "broken=".length()));
            return new Outcome(withdrawn, broken, HELD);
        }
    }

    private static Outcome report(String what, Director victim, Outcome outcome) {
        System.out.println(String.format(Locale.ROOT, "%s of %s: withdrawn after %.3f s, %d of %d held connections broken",
                what, victim.name, outcome.withdrawn().toNanos() / 1e9, outcome.broken(), outcome.held()));
        return outcome;
    }

    private static double median(List<Outcome> outcomes) {
        List<Double> seconds = outcomes.stream().map(o -> o.withdrawn().toNanos() / 1e9).sorted().toList();
        int n = seconds.size();
        return n % 2 == 1 ? seconds.get(n / 2) : (seconds.get(n / 2 - 1) + seconds.get(n / 2)) / 2;
    }

    private static String broken(List<Outcome> outcomes) {
        return outcomes.stream().mapToInt(Outcome::broken).sum() + "/" + outcomes.stream().mapToInt(Outcome::held).sum();
    }

    private EcmpBenchmark() {}
}
