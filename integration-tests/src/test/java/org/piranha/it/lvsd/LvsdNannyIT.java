package org.piranha.it.lvsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.it.lvsd.NatLab.server;
import static org.piranha.it.lvsd.NatLab.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.HttpConnection;
import org.piranha.it.support.Kernel;
import org.piranha.it.support.Sh;

/**
 * What lvsd does when a nanny dies (started again; one that keeps dying brings in hard_shutdown),
 * and how it takes over a table that a crashed lvsd left behind.
 */
@Tag("ipvs")
class LvsdNannyIT {

    static NatLab lab;

    static final String WWW = service("www", 80, "    scheduler = wlc\n"
            + server("web1", "192.168.10.1", 80) + server("web2", "192.168.10.2", 80));
    static final String[] WWW_TABLE = {"TCP 10.6.1.214:80 wlc", "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1"};
    static final String WEB1_LINE = "-> 192.168.10.1:80 Masq 1";

    @BeforeAll
    static void lab() {
        Kernel.requireIpvs();
        lab = new NatLab();
        lab.server("web1").serve(80);
        lab.server("web2").serve(80);
    }

    @AfterAll
    static void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aKilledNannyIsStartedAgainAndItsServerStaysMeanwhile() {
        try (LvsdRun lvsd = LvsdRun.start(lab.director, NatLab.globals() + WWW)) {
            lvsd.awaitTable(WWW_TABLE);
            long first = lvsd.nannyPid("www/web1");
            int mark = lvsd.mark();
            Sh.ok("kill", "-KILL", Long.toString(first));
            lvsd.awaitLineAfter(mark, "nanny for child www/web1 (pid " + first
                    + ") was killed by signal 9; starting it again in 1 s (its real server stays as it is)");
            // Only web1's line is asserted from here: web2's nanny checks with a 1 s timeout, and on
            // a loaded machine under an emulated CPU a check of web2 may time out and take it out.
            assertThat(lvsd.table()).contains(WEB1_LINE);
            lvsd.awaitLineAfter(mark, "create_monitor for www/web1 running as pid");
            long second = lvsd.nannyPid("www/web1");
            assertThat(second).isNotEqualTo(first);
            lvsd.awaitLineAfter(mark, "nanny[" + second + "]: [ active ] making 192.168.10.1:80 available");
            assertThat(lvsd.table()).contains(WEB1_LINE);
            assertThat(lvsd.stop()).isZero();
        }
    }

    /** A client_monitor that fails at once, every time: a nanny that keeps dying. */
    static Path crashingMonitor() throws IOException {
        Path script = Files.createTempDirectory("lvsd-it").resolve("crashing-monitor");
        Files.writeString(script, "#!/bin/sh\necho 'crashing-monitor: cannot check anything' >&2\nexit 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    static String withBrokenService(String hardShutdown) throws IOException {
        return NatLab.globals("hard_shutdown = " + hardShutdown) + WWW
                + service("broken", 81, "    client_monitor = " + crashingMonitor() + "\n"
                        + server("web3", "192.168.10.3", 80));
    }

    @Test
    void aNannyThatKeepsDyingShutsLvsDownWithHardShutdown() throws IOException {
        try (LvsdRun lvsd = LvsdRun.start(lab.director, withBrokenService("1"))) {
            lvsd.awaitLine("nanny for child broken/web3 died! shutting down lvs");
            assertThat(lvsd.daemon.awaitExit(LvsdRun.WAIT)).as("hard_shutdown's exit status").isEqualTo(3);
            assertThat(lvsd.daemon.lines()).filteredOn(l -> l.contains("exited with status 1; starting it again"))
                    .hasSize(4);
            assertThat(lvsd.printed("nanny[")).isTrue();
            assertThat(lvsd.printed("crashing-monitor: cannot check anything")).isTrue();
            assertThat(lvsd.printed("shutting down virtual service www")).isTrue();
            assertThat(lvsd.table()).isEmpty();
        }
    }

    @Test
    void aNannyThatKeepsDyingIsLeftAloneWithoutHardShutdown() throws IOException {
        try (LvsdRun lvsd = LvsdRun.start(lab.director, withBrokenService("0"))) {
            lvsd.awaitLine("nanny for child broken/web3 died! manual action needed!");
            assertThat(lvsd.daemon.process().isAlive()).isTrue();
            lvsd.awaitTable("TCP 10.6.1.214:80 wlc", "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1",
                    "TCP 10.6.1.214:81 wlc");
            assertThat(lab.get(80)).isIn("web1", "web2");
            assertThat(lvsd.stop()).isZero();
            assertThat(lvsd.table()).isEmpty();
        }
    }

    @Test
    void anLvsdStartedWhileTheLastOneStillRunsWaitsForItBeforeTouchingTheTable() throws IOException {
        try (LvsdRun first = LvsdRun.start(lab.director, NatLab.globals() + WWW)) {
            first.awaitTable(WWW_TABLE);
            try (LvsdRun second = LvsdRun.start(lab.director, NatLab.globals() + WWW)) {
                second.awaitLine("still runs in this network namespace: waiting for it to exit");
                assertThat(second.printed("starting virtual service")).isFalse();
                first.daemon.process().getOutputStream().close(); // its pulse is gone: it deletes its services
                assertThat(first.daemon.awaitExit(LvsdRun.WAIT)).isZero();
                second.awaitLine("the other lvsd has exited: starting");
                second.awaitTable(WWW_TABLE);
                assertThat(lab.get(80)).isIn("web1", "web2");
            }
        }
    }

    @Test
    void aTableLeftBehindIsAdoptedAndItsConnectionsLive() {
        lab.director.ok("ipvsadm", "-A", "-t", "10.6.1.214:80", "-s", "rr");
        lab.director.ok("ipvsadm", "-a", "-t", "10.6.1.214:80", "-r", "192.168.10.1:80", "-m", "-w", "1");
        lab.director.ok("ipvsadm", "-a", "-t", "10.6.1.214:80", "-r", "192.168.10.2:80", "-m", "-w", "1");
        lab.director.ok("ipvsadm", "-a", "-t", "10.6.1.214:80", "-r", "192.168.10.99:80", "-m", "-w", "0");
        lab.director.ok("ipvsadm", "-A", "-t", "10.6.1.214:8080", "-s", "wlc");
        try (HttpConnection held = HttpConnection.open(lab.client, NatLab.VIP, 80)) {
            String server = held.get();
            assertThat(server).isIn("web1", "web2");
            String real = "192.168.10." + server.substring(3) + ":80";

            try (LvsdRun lvsd = LvsdRun.start(lab.director, NatLab.globals() + WWW)) {
                lvsd.awaitTable(WWW_TABLE);
                lvsd.awaitLine("removing virtual service TCP 10.6.1.214:8080 from IPVS: lvs.cf does not define it");
                lvsd.awaitLine("removed real server 192.168.10.99:80 from virtual service www");
                lvsd.awaitLine("nanny[" + lvsd.nannyPid("www/" + server) + "]: [ active ] making " + real + " available");
                assertThat(held.get()).as("the connection made before lvsd started still answers").isEqualTo(server);
                assertThat(Ipvsadm.activeConnections(lab.director, "TCP 10.6.1.214:80", real))
                        .as("its real server was kept, not deleted and added again").isEqualTo(1);
                assertThat(lvsd.stop()).isZero();
                assertThat(lvsd.table()).isEmpty();
            }
        }
    }
}
