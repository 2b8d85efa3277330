package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.BACKUP;
import static org.piranha.it.pulse.PulseLab.OBSERVER;
import static org.piranha.it.pulse.PulseLab.PRIMARY;
import static org.piranha.it.pulse.PulseLab.START;
import static org.piranha.it.pulse.PulseLab.VIP;
import static org.piranha.it.pulse.PulseLab.command;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;

/**
 * The installed pulse against a partner written in Python (src/test/resources/pulse/fake_pulse.py)
 * that speaks Piranha's heartbeat, sending RUNNING, STOPPED, garbage or nothing on cue: the wire
 * format both ways, and every transition driven from outside.
 */
@Tag("netns")
class PulseWireIT {

    @AutoClose
    private final PulseLab lab = new PulseLab();
    private Path config;

    @BeforeEach
    void config() {
        config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
    }

    private void awaitPassive(Duration during) {
        await().during(during).atMost(during.plus(START)).pollInterval(Duration.ofMillis(100))
                .until(() -> !PulseLab.hasAddress(lab.lb2, VIP));
    }

    @Test
    void aBackupFollowsAPiranhaPrimary_heartbeatByHeartbeat() {
        Daemon primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "running");
        Daemon pulse = lab.pulse(lab.lb2, config);
        pulse.awaitLine("STARTING PULSE AS BACKUP", START);
        primary.awaitLine("recv " + BACKUP + ":539 STOPPED", START);
        awaitPassive(Duration.ofMillis(1500));

        int mark = primary.lineCount();
        command(primary, "stopped");
        pulse.awaitLine("primary inactive: activating lvs", START);
        primary.awaitLineAfter(mark, line -> line.equals("recv " + BACKUP + ":539 RUNNING"), "RUNNING", START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1"));

        mark = primary.lineCount();
        command(primary, "running");
        pulse.awaitLine("partner active: deactivating LVS", START);
        int running = primary.lineCount();
        primary.awaitLineAfter(mark, line -> line.equals("recv " + BACKUP + ":539 RUNNING"),
                "the extra RUNNING that makes the primary announce again", START);
        primary.awaitLineAfter(running, line -> line.equals("recv " + BACKUP + ":539 STOPPED"), "STOPPED", START);
        await().atMost(START).until(() -> !PulseLab.hasAddress(lab.lb2, VIP));

        command(primary, "silent");
        pulse.awaitLine("partner dead: activating lvs", START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1"));
    }

    @Test
    void aBackupGivesAStartingPrimaryDeadtime_thenTakesOver() {
        config = lab.write("lvs.cf", PulseLab.config("0.2", "2"));
        Daemon primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "stopped");
        Daemon pulse = lab.pulse(lab.lb2, config);
        pulse.awaitLine("primary is up but not active yet: giving it 2 s (deadtime) to become active", START);
        long waiting = System.nanoTime();
        pulse.awaitLine("primary inactive: activating lvs", START);
        assertThat(Duration.ofNanos(System.nanoTime() - waiting)).as("waited for the primary")
                .isGreaterThan(Duration.ofMillis(1500));
        PulseLab.assertActivations(pulse, 1);
        primary.awaitLine("recv " + BACKUP + ":539 RUNNING", START);
    }

    @Test
    void aPrimaryActivatesAtOnceWhenThePiranhaBackupIsPassive() {
        config = lab.write("lvs.cf", PulseLab.config("0.2", "5"));
        Daemon backup = lab.fakePulse(lab.lb2, BACKUP, PRIMARY, "0.2", "stopped");
        Daemon pulse = lab.pulse(lab.lb1, config);
        pulse.awaitLine("STARTING PULSE AS MASTER", START);
        long started = System.nanoTime();
        pulse.awaitLine("backup inactive: activating lvs", START);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no waiting for deadtime")
                .isLessThan(Duration.ofSeconds(4));
        backup.awaitLine("recv " + PRIMARY + ":539 RUNNING", START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb1, VIP + "/24", "eth0:1"));
    }

    @Test
    void garbageAndStrangersChangeNothing() {
        Daemon primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.1", "garbage");
        lab.fakePulse(lab.obs, OBSERVER, BACKUP, "0.1", "running");
        Daemon pulse = lab.pulse(lab.lb2, config);
        pulse.awaitLine("bad heartbeat packet", START);
        pulse.awaitLine("Incompatible heartbeat received -- other system not using identical services", START);
        // Neither the garbage from the primary's address nor RUNNING from a stranger proves the primary alive.
        pulse.awaitLine("partner dead: activating lvs", START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1"));
        // ...nor makes the active backup yield.
        await().during(Duration.ofMillis(1500)).atMost(START).pollInterval(Duration.ofMillis(100))
                .until(() -> PulseLab.hasAddress(lab.lb2, VIP));
        assertThat(pulse.lines()).noneMatch(line -> line.contains("deactivating"));

        command(primary, "running");
        pulse.awaitLine("partner active: deactivating LVS", START);
        await().atMost(START).until(() -> !PulseLab.hasAddress(lab.lb2, VIP));
    }

    @Test
    void aPassiveStartRemovesTheVipACrashLeftBehind() {
        lab.lb2.ok("ip", "addr", "add", VIP + "/24", "dev", "eth0", "label", "eth0:1");
        lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "running");
        Daemon pulse = lab.pulse(lab.lb2, config);
        pulse.awaitLine("removed " + VIP + "/24 from eth0: left behind by an earlier run, and this router is not active",
                START);
        assertThat(PulseLab.hasAddress(lab.lb2, VIP)).as(PulseLab.addresses(lab.lb2).toString()).isFalse();
        awaitPassive(Duration.ofMillis(1500));
    }
}
