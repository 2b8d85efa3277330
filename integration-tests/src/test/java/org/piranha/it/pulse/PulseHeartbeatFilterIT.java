package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.BACKUP;
import static org.piranha.it.pulse.PulseLab.OBSERVER;
import static org.piranha.it.pulse.PulseLab.PRIMARY;
import static org.piranha.it.pulse.PulseLab.START;
import static org.piranha.it.pulse.PulseLab.VIP;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Lan;
import org.piranha.it.support.Netns;
import org.piranha.it.support.Tcpdump;

/**
 * Partner-only heartbeats: only the partner's address, arriving on the interface that leads to
 * the partner, counts; floods of strangers' datagrams and of junk change nothing and cost a
 * bounded number of log lines. The senders are the Python fake pulse (fake_pulse.py).
 */
@Tag("netns")
class PulseHeartbeatFilterIT {

    private static final Pattern SUPPRESSED = Pattern.compile("\\((\\d+) more like this in the last 10 s not logged\\)");

    @AutoClose
    private final PulseLab lab = new PulseLab();
    private final Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));

    @Test
    void thePrimarysAddressForgedOnAnotherInterfaceCannotHoldTheBackupPassive() {
        // A second network on the backup (eth1, 10.9.9.0/24) where an attacker sends RUNNING with
        // the primary's address as source, routed to the backup's public address.
        try (Lan other = new Lan(); Netns attacker = Netns.create("spoof")) {
            other.attach(lab.lb2, "eth1", "10.9.9.1/24");
            other.attach(attacker, "eth0", "10.9.9.2/24");
            attacker.ok("ip", "addr", "add", PRIMARY + "/32", "dev", "eth0");
            attacker.ok("ip", "route", "add", "10.6.3.0/24", "via", "10.9.9.1");
            Tcpdump arrived = Tcpdump.start(lab.lb2, "eth1", "udp and src host " + PRIMARY);
            try {
                Daemon forger = lab.fakePulse(attacker, PRIMARY, BACKUP, "0.05", "running");
                Daemon backup = lab.pulse(lab.lb2, config);
                backup.awaitLine("STARTING PULSE AS BACKUP", START);
                arrived.awaitFrames(5, START); // the forged RUNNING does reach the backup's host
                backup.awaitLine("partner dead: activating lvs", START);
                await().atMost(START).until(() -> PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1"));
                await().during(Duration.ofSeconds(2)).atMost(START).pollInterval(Duration.ofMillis(100))
                        .until(() -> PulseLab.hasAddress(lab.lb2, VIP));
                assertThat(backup.lines()).noneMatch(line -> line.contains("deactivating"));
                assertThat(forger.process().isAlive()).isTrue();
            } finally {
                arrived.close();
            }
        }
    }

    @Test
    void aFloodOfRunningFromAStrangerChangesNothing_andIsSummedUpInOneLine() {
        // one after the other: a busy machine must not let the backup take over before the primary is up
        Daemon primary = lab.pulse(lab.lb1, config);
        primary.awaitLine("gratuitous lvs arps finished", START);
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        int mark = primary.lineCount();
        Daemon flood = lab.fakePulse(lab.obs, OBSERVER, PRIMARY, "0.0002", "running");
        primary.awaitLineAfter(mark, line -> line.contains("dropped 1 datagram on the heartbeat port not sent by the"
                + " partner's address of that path (" + OBSERVER + ": 1)"), "the first drop", START);
        // RUNNING accepted by an active primary would make it announce its addresses again
        await().during(Duration.ofSeconds(3)).atMost(START).pollInterval(Duration.ofMillis(100))
                .until(() -> PulseLab.hasAddress(lab.lb1, VIP) && !PulseLab.hasAddress(lab.lb2, VIP));
        assertThat(flood.process().isAlive()).isTrue();
        assertThat(primary.lines().subList(mark, primary.lineCount()))
                .as("one line for the whole flood").hasSizeLessThanOrEqualTo(1)
                .noneMatch(line -> line.contains("resending arps"));
        assertThat(backup.lines()).noneMatch(line -> line.contains("activating lvs"));
    }

    @Test
    void junkWithThePrimarysAddressIsLoggedOncePerTenSecondsWithACount() {
        Daemon junk = lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.0002", "garbage");
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("bad heartbeat packet", START);
        String summary = backup.awaitLine(line -> line.contains("bad heartbeat packet (")
                || line.contains("Incompatible heartbeat received -- other system not using identical services ("),
                "a summary of the suppressed lines", START);
        Matcher count = SUPPRESSED.matcher(summary);
        assertThat(count.find()).as(summary).isTrue();
        assertThat(Long.parseLong(count.group(1))).as("suppressed in 10 s").isGreaterThan(1000);
        assertThat(backup.lines().stream().filter(line -> line.contains("bad heartbeat packet")
                || line.contains("Incompatible heartbeat")).count()).isLessThanOrEqualTo(4);
        assertThat(junk.process().isAlive()).isTrue();
        backup.awaitLine("partner dead: activating lvs", START);
    }
}
