package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.DirectorPair.WAIT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Kernel;
import org.piranha.it.support.Netns;

/**
 * {@code syncdaemon = 1}: pulse runs the kernel's IPVS connection-sync daemon as master on the
 * active router and as backup on the passive one, and they trade on a handover. Two pulses with
 * --norun (the sync daemon is pulse's own business, not lvsd's), checked with
 * {@code ipvsadm -L --daemon} in each director's namespace.
 */
@Tag("ipvs")
class PulseSyncIT {

    @BeforeAll
    static void ipvs() {
        Kernel.requireIpvs();
    }

    @AutoClose
    private final PulseLab lab = new PulseLab();

    /** The sync daemons of a director, one line each ("master sync daemon (mcast=eth0, syncid=7...)"). */
    static List<String> daemons(Netns director) {
        return director.ok("ipvsadm", "-L", "--daemon").lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    static boolean onlyDaemon(Netns director, String state) {
        List<String> daemons = daemons(director);
        return daemons.size() == 1 && daemons.get(0).startsWith(state + " sync daemon (")
                && daemons.get(0).contains("mcast=eth0") && daemons.get(0).contains("syncid=7");
    }

    private static void awaitOnly(Netns director, String state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(onlyDaemon(director, state)).as(director.name() + ": " + daemons(director)).isTrue());
    }

    @Test
    void masterOnTheActiveRouter_backupOnThePassiveOne_andTheyTradeOnAHandover() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.5", "5", "syncdaemon = 1", "syncd_iface = eth0",
                "syncd_id = 7"));
        Daemon lb1 = lab.pulse(lab.lb1, config);
        lb1.awaitLine("STARTING PULSE AS MASTER", WAIT);
        Daemon lb2 = lab.pulse(lab.lb2, config);
        lb2.awaitLine("STARTING PULSE AS BACKUP", WAIT);
        lb1.awaitLine("activating lvs", WAIT); // "partner dead" when the backup's JVM starts slower than deadtime

        awaitOnly(lab.lb1, "master");
        awaitOnly(lab.lb2, "backup");

        lb1.signal("TERM");
        assertThat(lb1.awaitExit(WAIT)).isZero();
        lb2.awaitLine("primary inactive: activating lvs", WAIT);
        awaitOnly(lab.lb2, "master");
        awaitOnly(lab.lb1, "backup"); // the stopped router went back to backup on its way out
        assertThat(lb1.lines()).noneMatch(line -> line.contains("sync daemon"));
        assertThat(lb2.lines()).noneMatch(line -> line.contains("sync daemon"));
    }
}
