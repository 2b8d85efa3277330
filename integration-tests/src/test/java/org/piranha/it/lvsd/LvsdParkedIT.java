package org.piranha.it.lvsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.it.lvsd.NatLab.server;
import static org.piranha.it.lvsd.NatLab.service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Kernel;
import org.piranha.it.support.Sh;

/**
 * A parked lvsd (a cold standby's, {@code lvsd --parked}) loads its schedulers' kernel modules
 * before the takeover, as the kernel would on the first service add, rehearses its start on IPVS
 * in a network namespace of its own, and still writes nothing to this namespace's IPVS until
 * pulse says {@code go}. {@code lsmod} and {@code ipvsadm -Ln} are the oracles.
 */
@Tag("ipvs")
class LvsdParkedIT {

    /** A scheduler whose module the test can unload first: only IpvsClientIT's services use it, and not now. */
    private static final String MODULE = "ip_vs_sed";

    static NatLab lab;

    @BeforeAll
    static void lab() {
        Kernel.requireIpvs();
        lab = new NatLab();
        lab.server("web1").serve(80);
    }

    @AfterAll
    static void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void loadsItsSchedulersModuleWhileParked_writesNothingUntilGo_thenServes() throws IOException {
        Sh.run("modprobe", "-r", MODULE).orThrow();
        assertThat(loaded()).as("lsmod before lvsd starts").isFalse();
        String lvsCf = NatLab.globals() + service("www", 80, "    scheduler = sed\n"
                + server("web1", "192.168.10.1", 80, "weight = 2"));

        try (LvsdRun lvsd = LvsdRun.start(lab.director, lvsCf, "--parked", "-v")) {
            lvsd.awaitLine("parked (cold standby): lvs.cf read and IPVS open; writing nothing to IPVS");
            assertThat(loaded()).as("lsmod once lvsd is parked").isTrue();
            lvsd.awaitLine("rehearsed the start on IPVS in a network namespace of the rehearsal's own");
            assertThat(lvsd.table()).as("ipvsadm -Ln while parked").isEmpty();

            OutputStream pipe = lvsd.daemon.process().getOutputStream();
            pipe.write("go\n".getBytes(StandardCharsets.US_ASCII));
            pipe.flush();
            lvsd.awaitLine("this router is active now: starting from the parked state");
            lvsd.awaitTable("TCP 10.6.1.214:80 sed", "-> 192.168.10.1:80 Masq 2");
            assertThat(lab.get(80)).isEqualTo("web1");
            assertThat(lvsd.stop()).isZero();
        }
    }

    private static boolean loaded() {
        return Sh.run("lsmod").orThrow().out().lines().anyMatch(line -> line.startsWith(MODULE + " "));
    }
}
