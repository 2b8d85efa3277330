package org.piranha.it.lvsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.it.lvsd.NatLab.server;
import static org.piranha.it.lvsd.NatLab.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Kernel;

/**
 * lvsd checks each real server once itself at start, as its nanny would, and puts the healthy
 * ones in IPVS without waiting for the nannies' JVMs: here every nanny is held back until the
 * test lets it go, and the reachable server already serves the client.
 */
@Tag("ipvs")
class LvsdStartCheckIT {

    static NatLab lab;

    @BeforeAll
    static void lab() {
        Kernel.requireIpvs();
        lab = new NatLab();
        lab.server("web1").serve(80); // web2 listens on nothing: its connections are refused
    }

    @AfterAll
    static void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aReachableServerServesBeforeItsNannyHasReportedAndAnUnreachableOneWaitsForItsNanny() throws Exception {
        Path sbin = Files.createTempDirectory("lvsd-start-check");
        Path gate = sbin.resolve("gate");
        // lvsd runs its nannies from beside itself: this nanny waits for the gate, then is the real one
        Files.createSymbolicLink(sbin.resolve("lvsd"), Path.of(Installed.sbin("lvsd")));
        Path nanny = sbin.resolve("nanny");
        Files.writeString(nanny, "#!/bin/sh\nwhile [ ! -e '" + gate + "' ]; do sleep 0.1; done\nexec '"
                + Installed.sbin("nanny") + "' \"$@\"\n");
        Files.setPosixFilePermissions(nanny, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a 5 s check: a nanny's first check in a cold -Xint JVM under TCG can take more than 1 s
        String lvsCf = NatLab.globals() + service("www", 80, "    scheduler = wlc\n"
                + server("web1", "192.168.10.1", 80, "weight = 4") + server("web2", "192.168.10.2", 80, "weight = 4"))
                .replace("    timeout = 1\n", "    timeout = 5\n");

        try (LvsdRun lvsd = LvsdRun.start(lab.director, sbin.resolve("lvsd"), lvsCf)) {
            lvsd.awaitLine("real server www/web1 (192.168.10.1:80) passed lvsd's start-up check: adding it with weight 4"
                    + " before its nanny reports");
            lvsd.awaitLine("real server www/web2 (192.168.10.2:80) did not pass lvsd's start-up check: CONNECT to"
                    + " 192.168.10.2:80 failed");
            // lvsd says "adding it" just before it writes the destination: web2's line may come first
            lvsd.awaitTable("TCP 10.6.1.214:80 wlc", "-> 192.168.10.1:80 Masq 4");
            assertThat(lab.get(80)).isEqualTo("web1");
            assertThat(lvsd.daemon.lines()).as("no nanny has reported yet").noneMatch(line -> line.contains("nanny["));

            Files.createFile(gate);
            lvsd.awaitLine("nanny[" + lvsd.nannyPid("www/web1") + "]: [ active ] making 192.168.10.1:80 available");
            lvsd.awaitLine("nanny[" + lvsd.nannyPid("www/web2") + "]: 192.168.10.2:80 is not available at start");
            assertThat(lvsd.printed("192.168.10.1:80 is not available at start")).as("web1's nanny found it up").isFalse();
            assertThat(lvsd.table()).as("the nanny's slow start (weight 1 first) does not lower the weight")
                    .containsExactly("TCP 10.6.1.214:80 wlc", "-> 192.168.10.1:80 Masq 4");

            lab.server("web2").serve(80);
            lvsd.awaitTable("TCP 10.6.1.214:80 wlc", "-> 192.168.10.1:80 Masq 4", "-> 192.168.10.2:80 Masq 1");
            assertThat(lvsd.stop()).isZero();
        }
    }
}
