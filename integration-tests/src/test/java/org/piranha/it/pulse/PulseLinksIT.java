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

/** {@code monitor_links = 1}: carrier loss on the active router's interface hands the VIP over. */
@Tag("netns")
class PulseLinksIT {

    @AutoClose
    private final PulseLab lab = new PulseLab();

    @Test
    void carrierLossDeactivatesTheActiveRouterAndItStaysPassiveWhenTheLinkReturns() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1", "monitor_links = 1"));
        Daemon master = lab.pulse(lab.lb1, config);
        master.awaitLine("STARTING PULSE AS MASTER", START);
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb1, VIP + "/24", "eth0:1"));

        lab.lan.unplug(lab.lb1Leg); // the switch port goes dark: lb1's eth0 loses its carrier
        master.awaitLine("Primary NIC: link down", START);
        master.awaitLine("Local NIC link failure: Pulse disabled", START);
        master.awaitLine("local link failure: deactivating LVS", START);
        await().atMost(START).until(() -> !PulseLab.hasAddress(lab.lb1, VIP));
        backup.awaitLine("partner dead: activating lvs", START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1"));

        lab.lan.plug(lab.lb1Leg);
        master.awaitLine("Local NIC link(s) restored: Pulse enabled", START);
        await().during(Duration.ofSeconds(2)).atMost(START).pollInterval(Duration.ofMillis(100))
                .until(() -> PulseLab.hasAddress(lab.lb2, VIP) && !PulseLab.hasAddress(lab.lb1, VIP));
        PulseLab.assertActivations(backup, 1);
        assertThat(backup.lines()).noneMatch(line -> line.contains("deactivating"));
    }
}
