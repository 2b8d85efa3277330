package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.BACKUP_MAC;
import static org.piranha.it.pulse.PulseLab.START;
import static org.piranha.it.pulse.PulseLab.VIP;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Tcpdump;

/**
 * Two installed pulses (with --norun) failing over between two namespaces, watched by tcpdump
 * and {@code ip addr}. Deadlines are measured from the instant of the kill or stop to the
 * time tcpdump stamped on the first announcement frame.
 */
@Tag("netns")
class PulseFailoverIT {

    @AutoClose
    private final PulseLab lab = new PulseLab();

    /** The primary, active and done announcing, and the backup, passive. */
    private Daemon[] steadyPair(Path config) {
        Daemon master = lab.pulse(lab.lb1, config);
        master.awaitLine("STARTING PULSE AS MASTER", START);
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        master.awaitLine("gratuitous lvs arps finished", START);
        assertThat(PulseLab.owns(lab.lb1, VIP + "/24", "eth0:1")).as(PulseLab.addresses(lab.lb1).toString()).isTrue();
        assertThat(PulseLab.hasAddress(lab.lb2, VIP)).isFalse();
        return new Daemon[] {master, backup};
    }

    private static List<Tcpdump.Frame> awaitAnnouncements(Tcpdump tcpdump, String mac, int count) {
        String macHex = mac.replace(":", "");
        await().atMost(START).pollInterval(Duration.ofMillis(20)).until(() -> PulseLab.announcements(tcpdump, VIP)
                .stream().filter(f -> f.hex(6, 12).equals(macHex)).count() >= count);
        return PulseLab.announcements(tcpdump, VIP).stream().filter(f -> f.hex(6, 12).equals(macHex)).toList();
    }

    @Test
    void killingTheActiveMakesTheBackupOwnAndAnnounceTheVipWithinDeadtimePlusHalfASecond() {
        // watching from before the start: the backup's rehearsal of a takeover while passive
        // (LvsRouter.rehearseTakeover) must put no frame on the wire
        Tcpdump arp = lab.arpWatch();
        Daemon[] pair = steadyPair(lab.write("lvs.cf", PulseLab.config("0.2", "1")));
        Daemon master = pair[0];
        Daemon backup = pair[1];

        LocalTime killedAt = LocalTime.now();
        master.process().destroyForcibly();

        backup.awaitLine("partner dead: activating lvs", START);
        List<Tcpdump.Frame> first = awaitAnnouncements(arp, BACKUP_MAC, 2);
        System.out.println("kill -9 to the backup's first gratuitous ARP: " + PulseLab.after(killedAt, first.get(0)));
        assertThat(PulseLab.after(killedAt, first.get(0))).as("from kill -9 to the first gratuitous ARP")
                .isLessThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1")).as(PulseLab.addresses(lab.lb2).toString()).isTrue();

        backup.awaitLine("gratuitous lvs arps finished", START);
        List<Tcpdump.Frame> all = awaitAnnouncements(arp, BACKUP_MAC, 10);
        assertThat(all).as("5 rounds of a request and a reply, and nothing before the takeover").hasSize(10);
        for (Tcpdump.Frame frame : all) {
            assertThat(frame.hex(0, 6)).as("to everyone").isEqualTo("ffffffffffff");
            assertThat(frame.u16(14)).as("Ethernet").isEqualTo(1);
            assertThat(frame.u16(16)).as("IPv4").isEqualTo(0x0800);
            assertThat(frame.hex(22, 28)).as("sender: the backup's MAC").isEqualTo("525400060302");
            assertThat(frame.hex(28, 32)).as("sender IP: the VIP").isEqualTo(PulseLab.hex(VIP));
            assertThat(frame.hex(38, 42)).as("target IP: the VIP").isEqualTo(PulseLab.hex(VIP));
        }
        assertThat(all).filteredOn(f -> f.u16(20) == 1).as("requests, target MAC zero").hasSize(5)
                .allSatisfy(f -> assertThat(f.hex(32, 38)).isEqualTo("000000000000"));
        assertThat(all).filteredOn(f -> f.u16(20) == 2).as("Piranha's replies, target MAC its own").hasSize(5)
                .allSatisfy(f -> assertThat(f.hex(32, 38)).isEqualTo("525400060302"));
        Duration spread = Duration.between(all.get(0).time(), all.get(all.size() - 1).time());
        assertThat(spread).as("rounds 1 s apart").isBetween(Duration.ofMillis(3500), Duration.ofMillis(6000));
    }

    @Test
    void aCleanStopHandsOverWithinOneSecond_notAfterDeadtime() {
        Daemon[] pair = steadyPair(lab.write("lvs.cf", PulseLab.config("0.5", "5")));
        Daemon master = pair[0];
        Daemon backup = pair[1];
        Tcpdump arp = lab.arpWatch();

        LocalTime stoppedAt = LocalTime.now();
        master.signal("TERM");

        assertThat(master.awaitExit(START)).as("exit status after TERM").isZero();
        assertThat(master.lines()).anyMatch(line -> line.endsWith(": Terminating due to signal 15"));
        assertThat(PulseLab.hasAddress(lab.lb1, VIP)).as("the stopped primary let go of the VIP").isFalse();
        backup.awaitLine("primary inactive: activating lvs", START);
        List<Tcpdump.Frame> first = awaitAnnouncements(arp, BACKUP_MAC, 1);
        System.out.println("TERM to the backup's first gratuitous ARP: " + PulseLab.after(stoppedAt, first.get(0)));
        assertThat(PulseLab.after(stoppedAt, first.get(0))).as("from TERM to the backup's first gratuitous ARP")
                .isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1")).isTrue();
    }

    @Test
    void startingBothAtOnceMakesOnlyThePrimaryActive_andItStaysSo() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "5"));
        Daemon backup = lab.pulse(lab.lb2, config);
        Daemon master = lab.pulse(lab.lb1, config);
        master.awaitLine("backup inactive: activating lvs", START);
        // Whether the backup hears the primary's STOPPED before its RUNNING ("primary is up but not
        // active yet") depends on which JVM is ready first: FailoverTest covers that line.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> PulseLab.hasAddress(lab.lb1, VIP) && !PulseLab.hasAddress(lab.lb2, VIP));
        PulseLab.assertActivations(master, 1);
        PulseLab.assertActivations(backup, 0);
        assertThat(master.lines()).noneMatch(line -> line.contains("partner active"));
    }

    @Test
    void afterAPartitionHealsOnlyThePrimaryIsActive() {
        Daemon[] pair = steadyPair(lab.write("lvs.cf", PulseLab.config("0.2", "1")));
        Daemon master = pair[0];
        Daemon backup = pair[1];

        lab.lan.unplug(lab.lb2Leg);
        backup.awaitLine("partner dead: activating lvs", START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1"));
        assertThat(PulseLab.hasAddress(lab.lb1, VIP)).as("both active while cut off").isTrue();

        int masterMark = master.lineCount();
        lab.lan.plug(lab.lb2Leg);
        backup.awaitLine("partner active: deactivating LVS", START);
        master.awaitLineAfter(masterMark, line -> line.endsWith("partner active: resending arps"),
                "the primary announcing again", START);
        await().during(Duration.ofSeconds(2)).atMost(START).pollInterval(Duration.ofMillis(100))
                .until(() -> PulseLab.hasAddress(lab.lb1, VIP) && !PulseLab.hasAddress(lab.lb2, VIP));
    }
}
