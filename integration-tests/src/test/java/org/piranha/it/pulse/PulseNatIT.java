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
import org.piranha.it.support.Lan;
import org.piranha.it.support.Netns;
import org.piranha.it.support.Tcpdump;

/**
 * {@code network = nat}: the active router also owns the real servers' gateway,
 * {@code nat_router = 192.168.10.254 eth1:1}, on a second segment (eth1) where the real servers
 * would be; tcpdump in the observer's eth1 sees it announced. The backup pulse (--norun) is
 * driven by a fake primary (fake_pulse.py) so that it activates and deactivates on command.
 */
@Tag("netns")
class PulseNatIT {

    static final String NAT_ROUTER = "192.168.10.254";
    static final String BACKUP_ETH1_MAC = "52:54:00:06:0a:02";

    @AutoClose
    private final PulseLab lab = new PulseLab();
    @AutoClose
    private final Lan inside = new Lan();
    @AutoClose
    private final Tcpdump arp;

    PulseNatIT() {
        inside.attach(lab.lb1, "eth1", "192.168.10.1/24");
        inside.attach(lab.lb2, "eth1", "192.168.10.2/24");
        inside.attach(lab.obs, "eth1", "192.168.10.9/24");
        lab.lb2.ok("ip", "link", "set", "eth1", "address", BACKUP_ETH1_MAC);
        arp = Tcpdump.start(lab.obs, "eth1", "arp");
    }

    private static boolean ownsNatRouter(Netns netns) {
        return PulseLab.owns(netns, "eth1", NAT_ROUTER + "/24", "eth1:1");
    }

    private static boolean hasNatRouter(Netns netns) {
        return PulseLab.hasAddress(netns, "eth1", NAT_ROUTER);
    }

    @Test
    void theActiveRouterBringsUpAndAnnouncesTheNatRouterWithItsLabel_andTakesItDownWhenPassive() {
        String config = PulseLab.config("0.2", "1", "nat_router = " + NAT_ROUTER + " eth1:1",
                "nat_nmask = 255.255.255.0").replace("network = direct", "network = nat");
        Path file = lab.write("lvs.cf", config);
        Daemon primary = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.2", "running");
        Daemon backup = lab.pulse(lab.lb2, file);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        await().during(Duration.ofSeconds(1)).atMost(START).until(() -> !hasNatRouter(lab.lb2));

        command(primary, "stopped");
        backup.awaitLine("primary inactive: activating lvs", START);
        await().atMost(START).until(() -> ownsNatRouter(lab.lb2));
        assertThat(PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1")).as("the VIP as well, on eth0").isTrue();
        assertThat(PulseLab.addresses(lab.lb2, "eth1")).as("broadcast as ifconfig set it")
                .anyMatch(line -> line.contains(" inet " + NAT_ROUTER + "/24 brd 192.168.10.255 "));

        backup.awaitLine("gratuitous lvs arps finished", START);
        String mac = BACKUP_ETH1_MAC.replace(":", "");
        await().atMost(START).until(() -> PulseLab.announcements(arp, NAT_ROUTER).size() >= 10);
        List<Tcpdump.Frame> frames = PulseLab.announcements(arp, NAT_ROUTER);
        assertThat(frames).as("5 rounds of a request and a reply, on eth1").hasSize(10).allSatisfy(frame -> {
            assertThat(frame.hex(0, 6)).as("to everyone").isEqualTo("ffffffffffff");
            assertThat(frame.hex(6, 12)).as("from the backup's eth1").isEqualTo(mac);
            assertThat(frame.hex(22, 28)).as("sender MAC: the backup's eth1").isEqualTo(mac);
        });
        assertThat(frames).filteredOn(f -> f.u16(20) == 1).as("requests").hasSize(5);
        assertThat(frames).filteredOn(f -> f.u16(20) == 2).as("replies").hasSize(5);
        assertThat(PulseLab.announcements(arp, VIP)).as("the VIP is announced on eth0, not here").isEmpty();

        command(primary, "running");
        backup.awaitLine("partner active: deactivating LVS", START);
        await().atMost(START).until(() -> !hasNatRouter(lab.lb2));
        assertThat(PulseLab.hasAddress(lab.lb2, VIP)).isFalse();
        assertThat(PulseLab.addresses(lab.lb2, "eth1")).as("its own address stays").anyMatch(line -> line.contains(" 192.168.10.2/24 "));
    }
}
