package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.BACKUP;
import static org.piranha.it.pulse.PulseLab.PRIMARY;
import static org.piranha.it.pulse.PulseLab.START;
import static org.piranha.it.pulse.PulseLab.VIP;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Netns;
import org.piranha.it.support.PulseStatus;
import org.piranha.it.support.Tcpdump;

/**
 * A crashed partner pulse on a host that stays up is found dead by the ICMP port unreachable its
 * kernel answers our heartbeat with, after 2 keepalives of silence instead of deadtime; forged
 * port unreachables cannot make a live partner dead, and a silent host (no ICMP) still gets its
 * whole deadtime. Installed pulses (--norun) in namespaces; forgeries from a Python raw socket.
 */
@Tag("netns")
class PulsePortUnreachableIT {

    private static final String EARLY = "partner " + PRIMARY + "'s heartbeat port 539 is closed (ICMP port"
            + " unreachable): its pulse is not running; declaring it dead after ";

    @AutoClose
    private final PulseLab lab = new PulseLab();

    /**
     * The primary, active and done announcing, and the backup, passive and having heard the
     * primary (ICMP evidence counts only after a heartbeat: one killed before the backup heard
     * it waits for deadtime, as Piranha's would).
     */
    private Daemon[] steadyPair(Path config) {
        Daemon master = lab.pulse(lab.lb1, config);
        master.awaitLine("gratuitous lvs arps finished", START);
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        await().atMost(START).until(() -> PulseLab.hasAddress(lab.lb1, VIP) && !PulseLab.hasAddress(lab.lb2, VIP));
        await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> Boolean.TRUE.equals(
                PulseStatus.object(PulseStatus.ask(lab.statusSocket(lab.lb2)).get("partner")).get("alive")));
        return new Daemon[] {master, backup};
    }

    /** Port unreachables quoting the backup's heartbeat to the primary, sent to the backup from {@code netns}. */
    private static Daemon forger(Netns netns, String interval) {
        Daemon forger = Daemon.start("port unreachable forger in " + netns.name(), netns.process("/usr/bin/python3",
                PulseLab.resource("port_unreachable.py").toString(), BACKUP, BACKUP, PRIMARY, "539", interval));
        forger.awaitLine("ready", START);
        return forger;
    }

    @Test
    void aKilledActivePulseIsFoundDeadLongBeforeDeadtime() {
        Daemon[] pair = steadyPair(lab.write("lvs.cf", PulseLab.config("1", "10")));
        Daemon backup = pair[1];
        int mark = backup.lineCount();
        Tcpdump refused = Tcpdump.start(lab.lb2, "eth0", "icmp[0] = 3 and icmp[1] = 3 and src host " + PRIMARY);
        try {
            pair[0].process().destroyForcibly();
            // deadtime is 10 s: without the ICMP the backup would not act before it
            String early = backup.awaitLine(EARLY, Duration.ofSeconds(7));
            backup.awaitLine("partner dead: activating lvs", Duration.ofSeconds(1));
            assertThat(early).endsWith("ms of silence instead of deadtime (10 s)");
            List<String> lines = backup.lines().subList(mark, backup.lineCount());
            assertThat(lines.stream().filter(l -> l.contains(EARLY) || l.endsWith("partner dead: activating lvs")))
                    .as("the new line once, then Piranha's").hasSize(2)
                    .satisfies(both -> assertThat(both.get(0)).contains(EARLY));
            await().atMost(START).until(() -> PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1"));
            assertThat(refused.awaitFrames(1, START)).as("the primary's kernel refused a heartbeat").isNotEmpty();
        } finally {
            refused.close();
        }
    }

    @Test
    void forgedPortUnreachablesCannotMakeALivePrimaryDead_onlyShortenARealSilence() {
        // deadtime 3 = 15 keepalives; the forgeries come from the primary's own host and address
        Daemon[] pair = steadyPair(lab.write("lvs.cf", PulseLab.config("0.2", "3")));
        Daemon master = pair[0];
        Daemon backup = pair[1];
        Tcpdump forged = Tcpdump.start(lab.lb2, "eth0", "icmp[0] = 3 and icmp[1] = 3 and src host " + PRIMARY);
        try (Daemon forger = forger(lab.lb1, "0.02")) {
            forged.awaitFrames(10, START);
            await().during(Duration.ofSeconds(9)).atMost(START).pollInterval(Duration.ofMillis(50))
                    .until(() -> PulseLab.hasAddress(lab.lb1, VIP) && !PulseLab.hasAddress(lab.lb2, VIP));
            assertThat(forged.frames()).as("3 deadtimes of forgeries at 50 a second").hasSizeGreaterThan(100);
            assertThat(forger.process().isAlive()).isTrue();
            assertThat(backup.lines()).noneMatch(line -> line.contains("activating lvs") || line.contains(EARLY));
            assertThat(master.lines()).noneMatch(line -> line.contains("deactivating"));
            PulseLab.assertActivations(master, 1);
            PulseLab.assertActivations(backup, 0);

            // The same forgeries do count during a real silence: the primary's heartbeats dropped on
            // the backup's host, the backup takes over after 2 keepalives rather than 3 s.
            lab.lb2.ok("nft", "add table inet pulsecut { chain in { type filter hook input priority 0;"
                    + " ip saddr " + PRIMARY + " meta l4proto udp drop; }; }");
            backup.awaitLine(EARLY, Duration.ofMillis(2500));
            backup.awaitLine("partner dead: activating lvs", START);
        } finally {
            forged.close();
        }
    }

    /**
     * While the primary is silent, the backup sends its heartbeat a quarter keepalive apart
     * (probes that draw the port unreachable as soon as a crashed pulse's port closes), as
     * tcpdump on the backup's side sees it; one a keepalive while the primary speaks, and again
     * once it has been found dead. Keepalive 0.2, deadtime 3: about 55 heartbeats in a 3 s silence
     * instead of 15.
     */
    @Test
    void theBackupProbesASilentPrimary_aQuarterKeepaliveApart_onlyWhileItIsSilent() {
        Daemon[] pair = steadyPair(lab.write("lvs.cf", PulseLab.config("0.2", "3")));
        Daemon backup = pair[1];
        Tcpdump sent = Tcpdump.start(lab.lb2, "eth0", "udp and src host " + BACKUP + " and dst port 539");
        try {
            List<Tcpdump.Frame> steady = sent.awaitFrames(11, START).subList(0, 11);
            // 2 s at one a keepalive; 0.5 s if the backup probed a partner that speaks (a late
            // heartbeat on a loaded host may draw a probe or two)
            assertThat(seconds(steady)).as("10 heartbeats while the primary speaks: one a keepalive")
                    .isGreaterThan(1.5);

            // the primary's host goes silent (no heartbeat, no ICMP): the backup probes until deadtime
            lab.lb1.ok("nft", "add table inet pulsecut { chain in { type filter hook input priority 0; drop; };"
                    + " chain out { type filter hook output priority 0; drop; }; }");
            int cut = sent.frames().size();
            backup.awaitLine("partner dead: activating lvs", START);
            List<Tcpdump.Frame> sinceCut = sent.frames(); // one parse: the list grows between two
            List<Tcpdump.Frame> silence = sinceCut.subList(cut, sinceCut.size());
            // about 55 probing (fewer when the loop runs late on a loaded host), 15 without
            assertThat(silence).as("heartbeats during the 2.8-3 s of silence, 0.05 s apart from 0.25 s on")
                    .hasSizeGreaterThan(30);

            int dead = sent.frames().size();
            List<Tcpdump.Frame> after = sent.awaitFrames(dead + 11, START).subList(dead, dead + 11);
            assertThat(seconds(after)).as("10 heartbeats once the primary was found dead: one a keepalive")
                    .isGreaterThan(1.5);
        } finally {
            sent.close();
        }
    }

    /** Seconds from the first frame to the last. */
    private static double seconds(List<Tcpdump.Frame> frames) {
        return Duration.between(frames.get(0).time(), frames.get(frames.size() - 1).time()).toNanos() / 1e9;
    }

    @Test
    void aSilentHostAnswersNothing_andDeadtimeAppliesUnchanged() {
        Daemon[] pair = steadyPair(lab.write("lvs.cf", PulseLab.config("0.2", "3")));
        Daemon backup = pair[1];
        // the primary's host goes silent (nothing in or out: no heartbeat, no ICMP), then its pulse dies
        lab.lb1.ok("nft", "add table inet pulsecut { chain in { type filter hook input priority 0; drop; };"
                + " chain out { type filter hook output priority 0; drop; }; }");
        pair[0].process().destroyForcibly();
        // the last heartbeat heard is at most a keepalive old: 2.5 s is short of deadtime (3 s)
        await().during(Duration.ofMillis(2500)).atMost(START).pollInterval(Duration.ofMillis(50))
                .until(() -> !PulseLab.hasAddress(lab.lb2, VIP));
        backup.awaitLine("partner dead: activating lvs", START);
        assertThat(backup.lines()).noneMatch(line -> line.contains(EARLY));
    }
}
