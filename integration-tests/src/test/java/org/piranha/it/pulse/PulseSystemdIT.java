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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Tcpdump;

/**
 * What pulse.service relies on (Type=notify, WatchdogSec, ExecReload by HUP, exit 0 on TERM),
 * against a notify socket the test binds (src/test/resources/pulse/notify_socket.py plays systemd),
 * and what a reload applies.
 */
@Tag("netns")
class PulseSystemdIT {

    private static final String NEW_VIP = "10.6.3.101";

    @AutoClose
    private final PulseLab lab = new PulseLab();

    private Daemon systemd(Path socket) {
        Daemon notify = lab.track(Daemon.start("notify socket", new ProcessBuilder("/usr/bin/python3",
                PulseLab.resource("notify_socket.py").toString(), socket.toString())));
        notify.awaitLine("listening", START);
        return notify;
    }

    @Test
    void readyWatchdogReloadingAndStopping_andAReloadMovesTheVip() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
        Path socket = lab.dir.resolve("notify.sock");
        Daemon notify = systemd(socket);
        lab.fakePulse(lab.lb2, BACKUP, PRIMARY, "0.2", "stopped");
        Daemon pulse = lab.pulse(lab.lb1, config,
                List.of("NOTIFY_SOCKET=" + socket, "WATCHDOG_USEC=1000000"));

        notify.awaitLine("READY=1", START);
        pulse.awaitLine("backup inactive: activating lvs", START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb1, VIP + "/24", "eth0:1"));

        Tcpdump arp = lab.arpWatch();
        lab.write("lvs.cf", PulseLab.configWithVip("0.2", "1", NEW_VIP + " eth0:2"));
        int mark = notify.lineCount();
        pulse.signal("HUP");
        notify.awaitLineAfter(mark, line -> line.matches("RELOADING=1 MONOTONIC_USEC=\\d+"), "RELOADING=1", START);
        notify.awaitLineAfter(mark + 1, line -> line.equals("READY=1"), "READY=1 after the reload", START);
        pulse.awaitLine("reloaded " + config, START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb1, NEW_VIP + "/24", "eth0:2")
                && !PulseLab.hasAddress(lab.lb1, VIP));
        await().atMost(START).until(() -> !PulseLab.announcements(arp, NEW_VIP).isEmpty());

        lab.write("lvs.cf", PulseLab.config("0.2", "1").replace("port = 80", "port = 80 80"));
        mark = notify.lineCount();
        int logMark = pulse.lineCount();
        pulse.signal("HUP");
        pulse.awaitLineAfter(logMark, line -> line.matches(".*: " + java.util.regex.Pattern.quote(config.toString())
                + ":\\d+: unexpected arguments.*"), "the error with file and line", START);
        pulse.awaitLine("error(s): keeping the running configuration", START);
        notify.awaitLineAfter(mark, line -> line.equals("READY=1"), "READY=1 after the failed reload", START);
        assertThat(PulseLab.owns(lab.lb1, NEW_VIP + "/24", "eth0:2")).as("the running configuration stays").isTrue();

        // WATCHDOG_USEC is 1 s: pulse pings every half of it, so two pings come within a few seconds
        await().atMost(START).until(() -> notify.lines().stream().filter("WATCHDOG=1"::equals).count() >= 2);

        mark = notify.lineCount();
        pulse.signal("TERM");
        assertThat(pulse.awaitExit(START)).isZero();
        notify.awaitLineAfter(mark, line -> line.equals("STOPPING=1"), "STOPPING=1", START);
        assertThat(PulseLab.hasAddress(lab.lb1, NEW_VIP)).isFalse();
    }

    @Test
    void withoutDashNTheLinesGoToSyslogAsPulseWithItsPid() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
        Path socket = lab.dir.resolve("log.sock");
        Daemon syslog = systemd(socket); // any AF_UNIX datagram receiver will do
        lab.fakePulse(lab.lb2, BACKUP, PRIMARY, "0.2", "stopped");
        Daemon pulse = lab.pulseArguments(lab.lb1, config, List.of("PIRANHA_SYSLOG_SOCKET=" + socket),
                List.of("--norun"));
        String tag = " pulse[" + pulse.pid() + "]: ";
        // <30>: facility daemon (3), severity info (6), as Piranha's openlog(LOG_DAEMON) and LOG_INFO
        syslog.awaitLine(line -> line.startsWith("<30>") && line.endsWith(tag + "STARTING PULSE AS MASTER"),
                "the start line", START);
        syslog.awaitLine(line -> line.startsWith("<30>") && line.endsWith(tag + "backup inactive: activating lvs"),
                "the activation line", START);
        assertThat(pulse.lines()).as("nothing on stdout").noneMatch(line -> line.contains("activating"));
    }

    @Test
    void aReloadAppliesANewDeadtime() {
        Daemon primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "running");
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
        Daemon pulse = lab.pulse(lab.lb2, config);
        primary.awaitLine("recv " + BACKUP + ":539 STOPPED", START);

        lab.write("lvs.cf", PulseLab.config("0.2", "4"));
        pulse.signal("HUP");
        pulse.awaitLine("deadtime: 1 -> 4", START);

        command(primary, "silent");
        long silent = System.nanoTime();
        pulse.awaitLine("partner dead: activating lvs", START);
        assertThat(Duration.ofNanos(System.nanoTime() - silent)).as("the new deadtime, 4 s")
                .isGreaterThan(Duration.ofMillis(3500));
    }
}
