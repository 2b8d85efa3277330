package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.START;
import static org.piranha.it.pulse.PulseLab.VIP;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Lan;

/**
 * {@code primary_private} / {@code backup_private}: the two pulses (--norun) also exchange
 * heartbeats over a second, private link, so losing the public one alone is no reason to take
 * over; losing both is.
 */
@Tag("netns")
class PulsePrivatePathIT {

    @AutoClose
    private final PulseLab lab = new PulseLab();
    @AutoClose
    private final Lan heartbeatLink = new Lan();
    private final String lb2PrivateLeg;

    PulsePrivatePathIT() {
        heartbeatLink.attach(lab.lb1, "eth1", "192.168.20.1/24");
        lb2PrivateLeg = heartbeatLink.attach(lab.lb2, "eth1", "192.168.20.2/24");
    }

    @Test
    void cuttingThePublicLinkAloneCausesNoTakeover_cuttingBothDoes() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1",
                "primary_private = 192.168.20.1", "backup_private = 192.168.20.2"));
        Daemon master = lab.pulse(lab.lb1, config);
        master.awaitLine("STARTING PULSE AS MASTER", START);
        // active before the backup starts: a start race (a backup that gives a busy primary its
        // deadtime of 1 s, then takes over and yields) is PulseFailoverIT's, not this test's
        master.awaitLine("partner dead: activating lvs", START);
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        master.awaitLine("gratuitous lvs arps finished", START);
        assertThat(PulseLab.owns(lab.lb1, VIP + "/24", "eth0:1")).isTrue();

        int mark = backup.lineCount();
        lab.lan.unplug(lab.lb2Leg); // the backup's public port goes dark
        // deadtime is 1 s: three times that without "partner dead" means the private path carried it
        await().during(Duration.ofSeconds(3)).atMost(START).pollInterval(Duration.ofMillis(100))
                .until(() -> backup.lines().stream().skip(mark).noneMatch(line -> line.contains("partner dead"))
                        && !PulseLab.hasAddress(lab.lb2, VIP));
        PulseLab.assertActivations(backup, 0);
        assertThat(PulseLab.hasAddress(lab.lb1, VIP)).as("the primary stays active").isTrue();

        heartbeatLink.unplug(lb2PrivateLeg);
        backup.awaitLineAfter(mark, line -> line.endsWith("partner dead: activating lvs"), "takeover", START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1"));
    }
}
