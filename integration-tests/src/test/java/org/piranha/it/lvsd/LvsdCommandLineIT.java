package org.piranha.it.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Netns;
import org.piranha.it.support.Sh;

/**
 * The installed lvsd where no IPVS is needed: its command line, a bad lvs.cf, and --test-start
 * (which logs the ipvsadm commands instead of running them, so it works on this kernel too),
 * with its nannies, reloads and the end of its standard input when pulse goes away.
 */
class LvsdCommandLineIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String CONFIG = """
            primary = 10.6.1.201
            service = lvs
            network = direct
            virtual www {
                active = 1
                address = 10.6.1.214 eth0:1
                port = 80
                scheduler = wlc
                persistent = 600
                timeout = 1
                reentry = 2
                server web1 {
                    address = 127.0.0.1
                    active = 1
                }
            }
            """;

    @TempDir
    Path dir;
    Netns director;

    @BeforeEach
    void namespace() {
        director = Netns.create("lb1");
    }

    @AfterEach
    void close() {
        director.close();
    }

    private Daemon lvsd(Path config, String... extra) {
        return lvsdWithoutDashN(config, prepend("-n", extra));
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private Daemon lvsdWithoutDashN(Path config, String... extra) {
        ProcessBuilder builder = lvsdProcess(config, extra);
        return Daemon.start("lvsd", builder);
    }

    private ProcessBuilder lvsdProcess(Path config, String... extra) {
        String[] command = new String[3 + extra.length];
        command[0] = Installed.sbin("lvsd");
        command[1] = "-c";
        command[2] = config.toString();
        System.arraycopy(extra, 0, command, 3, extra.length);
        ProcessBuilder builder = director.process(command);
        builder.environment().put("PIRANHA_CDS_DIR", dir.resolve("cds").toString());
        return builder;
    }

    @Test
    void versionHelpAndBadOptions() {
        assertThat(Sh.ok(Installed.sbin("lvsd"), "--version")).startsWith("lvsd version ");
        assertThat(Sh.ok(Installed.sbin("lvsd"), "--help")).contains("--configfile", "--nodaemon", "--nofork",
                "--test-start", "--verbose");
        Sh.Result bad = Sh.run(Installed.sbin("lvsd"), "--frobnicate");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--frobnicate");
    }

    @Test
    void anInvalidFileIsRefusedWithEachErrorsLine() throws IOException {
        Path config = Files.writeString(dir.resolve("lvs.cf"), CONFIG.replace("port = 80", "port = eighty")
                .replace("primary = 10.6.1.201", "primary = 10.6.1.201\nkeepalive = often"));
        try (Daemon lvsd = lvsd(config)) {
            assertThat(lvsd.awaitExit(WAIT)).isEqualTo(1);
            assertThat(lvsd.lines()).anyMatch(l -> l.matches("lvsd\\[\\d+\\]: .*lvs\\.cf:2: .*often.*"))
                    .anyMatch(l -> l.matches("lvsd\\[\\d+\\]: .*lvs\\.cf:8: .*eighty.*"))
                    .anyMatch(l -> l.contains("has errors: lvsd does not start"));
        }
    }

    @Test
    void anUnreadableFileIsRefusedWithTheReason() throws IOException {
        Path missing = dir.resolve("missing.cf");
        try (Daemon lvsd = lvsd(missing)) {
            assertThat(lvsd.awaitExit(WAIT)).isEqualTo(1);
            assertThat(lvsd.lines()).anyMatch(l -> l.endsWith("]: cannot read " + missing + ": no such file"));
        }
        Path directory = Files.createDirectory(dir.resolve("lvs.d"));
        try (Daemon lvsd = lvsd(directory)) {
            assertThat(lvsd.awaitExit(WAIT)).isEqualTo(1);
            assertThat(lvsd.lines()).anyMatch(l -> l.endsWith("]: cannot read " + directory + ": Is a directory"));
        }
    }

    @Test
    void testStartLogsTheIpvsadmCommandsRunsTheNanniesReloadsAndEndsWithItsInput() throws IOException {
        Path config = Files.writeString(dir.resolve("lvs.cf"), CONFIG);
        try (Daemon lvsd = lvsd(config, "--nofork", "-t")) {
            lvsd.awaitLine("test-start: ipvsadm -A -t 10.6.1.214:80 -s wlc -p 600", WAIT);
            lvsd.awaitLine("starting virtual service www active: 80", WAIT);
            lvsd.awaitLine("create_monitor for www/web1 running as pid", WAIT);
            lvsd.awaitLine("]: starting LVS client monitor for 10.6.1.214:80 -> 127.0.0.1:80", WAIT);

            int mark = lvsd.lineCount();
            Files.writeString(config, CONFIG.replace("scheduler = wlc", "scheduler = rr"));
            lvsd.signal("HUP");
            lvsd.awaitLineAfter(mark, l -> l.contains("test-start: ipvsadm -E -t 10.6.1.214:80 -s rr -p 600"),
                    "the edit", WAIT);
            assertThat(lvsd.lines().subList(mark, lvsd.lineCount()))
                    .anyMatch(l -> l.endsWith("]: rereading configuration file"));

            mark = lvsd.lineCount();
            Files.writeString(config, CONFIG.replace("port = 80", "port = eighty"));
            lvsd.signal("HUP");
            lvsd.awaitLineAfter(mark, l -> l.contains("has errors: keeping the running configuration"), "the refusal", WAIT);
            assertThat(lvsd.lines().subList(mark, lvsd.lineCount())).anyMatch(l -> l.matches(".*lvs\\.cf:7: .*eighty.*"));

            mark = lvsd.lineCount();
            Files.delete(config);
            lvsd.signal("HUP");
            lvsd.awaitLineAfter(mark, l -> l.endsWith("]: cannot read " + config
                    + ": no such file; keeping the running configuration"), "the reason it cannot reread", WAIT);

            long nanny = Long.parseLong(lvsd.lines().stream().filter(l -> l.contains("create_monitor for www/web1"))
                    .findFirst().orElseThrow().replaceAll(".* pid ", ""));
            lvsd.process().getOutputStream().close(); // pulse is gone
            assertThat(lvsd.awaitExit(WAIT)).isZero();
            assertThat(lvsd.lines()).anyMatch(l -> l.contains("standard input closed (pulse is gone): shutting down in"
                    + " 6 s (deadtime + 1 s); until then the table serves the clients that still reach this director"))
                    .anyMatch(l -> l.endsWith("shutting down virtual service www"))
                    .anyMatch(l -> l.endsWith("test-start: ipvsadm -D -t 10.6.1.214:80"));
            org.awaitility.Awaitility.await().atMost(WAIT)
                    .until(() -> ProcessHandle.of(nanny).map(p -> !p.isAlive()).orElse(true));
        }
    }

    /** Prints each datagram it receives on a socket: a stand-in for /dev/log. */
    private static String datagramPrinter() {
        try {
            return Path.of(LvsdCommandLineIT.class.getResource("/pulse/notify_socket.py").toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutDashNLvsdAndEachNannyLogToSyslogUnderTheirOwnNameAndPid() throws IOException {
        Path config = Files.writeString(dir.resolve("lvs.cf"), CONFIG);
        Path socket = dir.resolve("log.sock");
        try (Daemon syslog = Daemon.start("syslog stand-in", new ProcessBuilder("/usr/bin/python3",
                datagramPrinter(), socket.toString()))) {
            syslog.awaitLine("listening", WAIT);
            ProcessBuilder builder = lvsdProcess(config, "-t");
            builder.environment().put("PIRANHA_SYSLOG_SOCKET", socket.toString());
            try (Daemon lvsd = Daemon.start("lvsd", builder)) {
                // <30>: facility daemon, severity info, as Piranha's openlog(..., LOG_DAEMON)
                String lvsdTag = " lvsd[" + lvsd.pid() + "]: ";
                syslog.awaitLine(l -> l.startsWith("<30>") && l.endsWith(lvsdTag + "starting virtual service www active: 80"),
                        "lvsd's start line", WAIT);
                String created = syslog.awaitLine(l -> l.contains(lvsdTag + "create_monitor for www/web1 running as pid "),
                        "the nanny's creation", WAIT);
                String nannyTag = " nanny[" + created.replaceAll(".* pid ", "") + "]: ";
                syslog.awaitLine(l -> l.startsWith("<30>")
                        && l.endsWith(nannyTag + "starting LVS client monitor for 10.6.1.214:80 -> 127.0.0.1:80"),
                        "the nanny's start line under its own name and pid", WAIT);
                assertThat(lvsd.lines()).as("nothing on stdout without -n").isEmpty();
                lvsd.signal("TERM");
                assertThat(lvsd.awaitExit(WAIT)).isZero();
                syslog.awaitLine(l -> l.endsWith(lvsdTag + "shutting down due to signal 15"), "the shutdown line", WAIT);
            }
        }
    }
}
