package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.it.pulse.PulseLab.PRIMARY;
import static org.piranha.it.pulse.PulseLab.START;

import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;

/** Starts that cannot go on: a clear message and the exit status pulse(8) gives. */
@Tag("netns")
class PulseStartIT {

    @AutoClose
    private final PulseLab lab = new PulseLab();

    @Test
    void anInvalidConfigIsRefusedWithPiranhasLineAndStatus1() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1").replace("port = 80", "port = 80 80"));
        Daemon pulse = lab.pulse(lab.lb1, config);
        assertThat(pulse.awaitExit(START)).isEqualTo(1);
        assertThat(pulse.lines()).contains("pulse: error parsing " + config
                + " at line 15: unexpected arguments: \"80\" after the value of port");
    }

    @Test
    void aHostWithNeitherAddressIsRefused() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
        Daemon pulse = lab.pulse(lab.obs, config);
        assertThat(pulse.awaitExit(START)).isEqualTo(1);
        assertThat(pulse.lines()).contains("pulse: neither primary 10.6.3.1 nor backup 10.6.3.2 of " + config
                + " is an address of this host: add it to an interface, or fix primary/backup in " + config);
    }

    @Test
    void aBackupMarkedInactiveExitsAsPiranhaDid() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1").replace("backup_active = 1", "backup_active = 0"));
        Daemon pulse = lab.pulse(lab.lb2, config);
        assertThat(pulse.awaitExit(START)).isZero();
        assertThat(pulse.lines()).anyMatch(line -> line.endsWith(": STARTING PULSE AS BACKUP"))
                .anyMatch(line -> line.endsWith(": We are backup node and backup is marked inactive -- exiting pulse"));
    }

    @Test
    void aTakenHeartbeatPortIsReported() {
        lab.fakePulse(lab.lb1, PRIMARY, PulseLab.BACKUP, "1", "silent");
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
        Daemon pulse = lab.pulse(lab.lb1, config);
        assertThat(pulse.awaitExit(START)).isEqualTo(1);
        assertThat(pulse.lines()).contains("pulse: cannot create heartbeat socket. running as root?")
                .anyMatch(line -> line.startsWith("pulse: failed to bind to heartbeat address 10.6.3.1:539: "));
    }

    @Test
    void aVipOnAMissingInterfaceIsReportedAtStart_notAtTheFirstTakeover() {
        lab.fakePulse(lab.lb1, PRIMARY, PulseLab.BACKUP, "0.2", "running");
        Path config = lab.write("lvs.cf", PulseLab.configWithVip("0.2", "1", PulseLab.VIP + " eth9:1"));
        Daemon pulse = lab.pulse(lab.lb2, config);
        pulse.awaitLine("cannot take over " + PulseLab.VIP + "/24 (label eth9:1) on eth9: there is no network interface eth9",
                START);
        assertThat(pulse.process().isAlive()).as("it still runs: the interface may come later").isTrue();
    }
}
