package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.BACKUP;
import static org.piranha.it.pulse.PulseLab.PRIMARY;
import static org.piranha.it.pulse.PulseLab.START;
import static org.piranha.it.pulse.PulseLab.VIP;
import static org.piranha.it.pulse.PulseLab.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;

/**
 * How pulse runs its child and the lvs.cf commands, without --norun: a stand-in lvsd
 * (fake_lvsd.py, given with --lvsd=) reports its arguments and the signals it gets, and the
 * active_cmd / inactive_cmd scripts record that they ran. The real lvsd is in the VM tests.
 */
@Tag("netns")
class PulseLvsdIT {

    private static final Pattern STARTED = Pattern.compile("fake lvsd (\\d+) started: (.*)");

    @AutoClose
    private final PulseLab lab = new PulseLab();
    private Daemon primary;

    private Daemon backupPulse(String... extraGlobals) {
        List<String> globals = new java.util.ArrayList<>(List.of("active_cmd = " + lab.activeCmd(),
                "inactive_cmd = " + lab.inactiveCmd()));
        globals.addAll(List.of(extraGlobals));
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1", globals.toArray(String[]::new)));
        return lab.pulseWith(lab.lb2, config, List.of(), List.of("--lvsd=" + lab.fakeLvsd()));
    }

    private static long lvsdStarts(Daemon pulse) {
        return pulse.lines().stream().filter(line -> STARTED.matcher(line).matches()).count();
    }

    /** Waits for the n-th (1-based) start of the fake lvsd and returns its pid. */
    private static long awaitLvsdStart(Daemon pulse, int n) {
        await().atMost(START).until(() -> lvsdStarts(pulse) >= n);
        String line = pulse.lines().stream().filter(l -> STARTED.matcher(l).matches()).skip(n - 1).findFirst().get();
        Matcher m = STARTED.matcher(line);
        assertThat(m.matches()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private void awaitCommands(String... expected) {
        await().atMost(START).until(() -> lab.commandsRun().equals(List.of(expected)));
    }

    @Test
    void coldStandby_aParkedLvsdIsToldToGoAtTheTakeover_andTheCommandsFollowTheActiveState() {
        primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "running");
        Daemon pulse = backupPulse();
        pulse.awaitLine("STARTING PULSE AS BACKUP", START);
        awaitCommands("inactive");
        long lvsd = awaitLvsdStart(pulse, 1);
        String config = lab.dir.resolve("lvs.cf").toString();
        assertThat(pulse.lines()).contains("fake lvsd " + lvsd + " started: --nodaemon -c " + config + " --parked");

        pulse.signal("HUP");
        pulse.awaitLine("fake lvsd " + lvsd + " got HUP", START);
        command(primary, "stopped");
        pulse.awaitLine("primary inactive: activating lvs", START);
        pulse.awaitLine("fake lvsd " + lvsd + " got go", START);
        awaitCommands("inactive", "active");
        assertThat(lvsdStarts(pulse)).as("the takeover started no lvsd: it told the parked one to go").isEqualTo(1);

        command(primary, "running");
        pulse.awaitLine("partner active: deactivating LVS", START);
        pulse.awaitLine("fake lvsd " + lvsd + " got TERM", START);
        long parkedAgain = awaitLvsdStart(pulse, 2);
        assertThat(pulse.lines()).contains("fake lvsd " + parkedAgain + " started: --nodaemon -c " + config
                + " --parked");
        awaitCommands("inactive", "active", "inactive");
        assertThat(pulse.lines()).noneMatch(line -> line.contains("Child process") || line.contains(" got go")
                && line.startsWith("fake lvsd " + parkedAgain));
    }

    @Test
    void coldStandby_aParkedLvsdThatDiesWhilePassiveIsStartedAgain() {
        primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "running");
        Daemon pulse = backupPulse();
        long lvsd = awaitLvsdStart(pulse, 1);

        lab.lb2.ok("kill", "-9", Long.toString(lvsd));
        pulse.awaitLine("Child process " + lvsd + " terminated with signal 9", START);
        pulse.awaitLine("the parked lvsd died while this router is passive (hot_standby = 0): starting it again"
                + " in 1 s, so that a takeover here need not wait for lvsd to start", START);
        pulse.awaitLine("starting the parked lvsd again (hot_standby = 0)", START);
        long again = awaitLvsdStart(pulse, 2);
        assertThat(pulse.lines()).contains("fake lvsd " + again + " started: --nodaemon -c " + lab.dir.resolve("lvs.cf")
                + " --parked");

        command(primary, "stopped");
        pulse.awaitLine("fake lvsd " + again + " got go", START);
        await().atMost(START).until(() -> PulseLab.hasAddress(lab.lb2, VIP));
        assertThat(lvsdStarts(pulse)).isEqualTo(2);
    }

    @Test
    void lvsdDyingWhileActiveDeactivatesAndHoldsUntilThePartnerIsActive() {
        primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "running");
        Daemon pulse = backupPulse();
        pulse.awaitLine("STARTING PULSE AS BACKUP", START);
        long lvsd = awaitLvsdStart(pulse, 1);
        command(primary, "stopped");
        pulse.awaitLine("fake lvsd " + lvsd + " got go", START);
        await().atMost(START).until(() -> PulseLab.hasAddress(lab.lb2, VIP));

        lab.lb2.ok("kill", "-9", Long.toString(lvsd));
        pulse.awaitLine("Child process " + lvsd + " terminated with signal 9", START);
        pulse.awaitLine("lvsd is gone: LVS deactivated", START);
        await().atMost(START).until(() -> !PulseLab.hasAddress(lab.lb2, VIP));
        long parked = awaitLvsdStart(pulse, 2); // the deactivation parks a new one
        // The primary keeps saying STOPPED, and is silent for a while too: this router holds.
        await().during(Duration.ofMillis(1500)).atMost(START).pollInterval(Duration.ofMillis(100))
                .until(() -> !PulseLab.hasAddress(lab.lb2, VIP) && lvsdStarts(pulse) == 2);
        assertThat(pulse.lines()).doesNotContain("fake lvsd " + parked + " got go");

        command(primary, "running");
        int mark = pulse.lineCount();
        command(primary, "stopped");
        pulse.awaitLineAfter(mark, line -> line.endsWith("primary inactive: activating lvs"), "activation", START);
        pulse.awaitLine("fake lvsd " + parked + " got go", START);
        await().atMost(START).until(() -> PulseLab.hasAddress(lab.lb2, VIP));
    }

    @Test
    void hotStandby_lvsdRunsWhilePassive_getsHup_andEndsWithPulse() {
        primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "running");
        Daemon pulse = backupPulse("hot_standby = 1");
        long lvsd = awaitLvsdStart(pulse, 1);
        assertThat(PulseLab.hasAddress(lab.lb2, VIP)).as("started while passive").isFalse();

        pulse.signal("HUP");
        pulse.awaitLine("fake lvsd " + lvsd + " got HUP", START);

        command(primary, "stopped");
        pulse.awaitLine("primary inactive: activating lvs", START);
        await().atMost(START).until(() -> PulseLab.hasAddress(lab.lb2, VIP));
        command(primary, "running");
        pulse.awaitLine("partner active: deactivating LVS", START);
        await().atMost(START).until(() -> !PulseLab.hasAddress(lab.lb2, VIP));
        assertThat(lvsdStarts(pulse)).as("takeover and handback reuse the standby lvsd").isEqualTo(1);
        assertThat(pulse.lines()).noneMatch(line -> line.contains("got TERM"));

        pulse.process().destroyForcibly();
        // pulse's stdout is gone with it: the fake lvsd's own log tells
        await().atMost(START).until(() -> lab.fakeLvsdLines().contains("fake lvsd " + lvsd
                + " saw its standard input closed"));
    }

    @Test
    void hotStandby_aStandbyLvsdThatDiesWhilePassiveIsStartedAgain_andTheTakeoverUsesIt() {
        primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "running");
        Daemon pulse = backupPulse("hot_standby = 1");
        long lvsd = awaitLvsdStart(pulse, 1);

        lab.lb2.ok("kill", "-9", Long.toString(lvsd));
        pulse.awaitLine("Child process " + lvsd + " terminated with signal 9", START);
        pulse.awaitLine("the standby lvsd died while this router is passive (hot_standby = 1): starting it again"
                + " in 1 s, so that a takeover here finds its table ready", START);
        pulse.awaitLine("starting the standby lvsd again (hot_standby = 1)", START);
        long again = awaitLvsdStart(pulse, 2);
        assertThat(again).isNotEqualTo(lvsd);
        assertThat(PulseLab.hasAddress(lab.lb2, VIP)).as("still passive").isFalse();

        command(primary, "stopped");
        pulse.awaitLine("primary inactive: activating lvs", START);
        await().atMost(START).until(() -> PulseLab.hasAddress(lab.lb2, VIP));
        assertThat(lvsdStarts(pulse)).as("the takeover found the restarted lvsd running").isEqualTo(2);
        assertThat(pulse.lines()).noneMatch(line -> line.contains("got TERM") || line.contains("keeps dying"));
    }

    @Test
    void termStopsTheStandbyLvsdAndExitsZero() {
        primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "running");
        Daemon pulse = backupPulse("hot_standby = 1");
        long lvsd = awaitLvsdStart(pulse, 1);
        pulse.signal("TERM");
        assertThat(pulse.awaitExit(START)).isZero();
        pulse.awaitLine("fake lvsd " + lvsd + " got TERM", START);
        primary.awaitLine("recv " + BACKUP + ":539 STOPPED", START);
    }
}
