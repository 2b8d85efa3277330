package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.BACKUP;
import static org.piranha.it.pulse.PulseLab.BACKUP_MAC;
import static org.piranha.it.pulse.PulseLab.PRIMARY;
import static org.piranha.it.pulse.PulseLab.START;
import static org.piranha.it.pulse.PulseLab.VIP;
import static org.piranha.it.pulse.PulseLab.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Tcpdump;

/**
 * heartbeat_auth = hmac-sha256 on a pair of installed pulses (--norun): forged, replayed and
 * wrongly keyed heartbeats change nothing, and a wrong key is named in the log. Forgeries come
 * from the Python fake pulse, on the observer's host with the primary's address as its source.
 */
@Tag("netns")
class PulseHeartbeatAuthIT {

    static final String KEY1 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final String KEY2 = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    static final String FAILED = "heartbeat from " + PRIMARY
            + " failed authentication: check heartbeat_key_file on both routers";

    @AutoClose
    private final PulseLab lab = new PulseLab();

    /** deadtime 2: a busy machine must not make a router miss its partner by itself. */
    private Path config(String name, String key) {
        return config(name, key, "2");
    }

    private Path config(String name, String key, String deadtime) {
        Path keyFile = writeKeys(name, key);
        return lab.write(name + ".cf", PulseLab.config("0.2", deadtime, "heartbeat_auth = hmac-sha256",
                "heartbeat_key_file = " + keyFile));
    }

    private Path writeKeys(String name, String... keys) {
        Path keyFile = lab.dir.resolve(name + ".key");
        try {
            Files.writeString(keyFile, String.join("\n", keys) + "\n");
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keyFile;
    }

    /** The observer sends as the primary: its address, and no ARP that would tell anyone. */
    private Daemon forger(String mode) {
        lab.obs.ok("ip", "addr", "add", PRIMARY + "/32", "dev", "eth0");
        lab.obs.ok("sysctl", "-q", "-w", "net.ipv4.conf.eth0.arp_ignore=8");
        lab.obs.ok("ip", "neigh", "replace", BACKUP, "lladdr", BACKUP_MAC, "dev", "eth0", "nud", "permanent");
        return lab.fakePulse(lab.obs, PRIMARY, BACKUP, "0.01", mode);
    }

    private void awaitBackupPassive(Duration during) {
        await().during(during).atMost(during.plus(START)).pollInterval(Duration.ofMillis(50))
                .until(() -> !PulseLab.hasAddress(lab.lb2, VIP) && PulseLab.hasAddress(lab.lb1, VIP));
    }

    @Test
    void aForgedRunningCannotDelayTheTakeoverFromADeadPrimary() {
        Path config = config("pair", KEY1);
        Daemon primary = lab.pulse(lab.lb1, config);
        primary.awaitLine("gratuitous lvs arps finished", START);
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        awaitBackupPassive(Duration.ofSeconds(1));
        primary.signal("KILL");
        primary.awaitExit(START);
        long killed = System.nanoTime();
        // Piranha's RUNNING from the primary's own address, 100 a second
        lab.fakePulse(lab.lb1, PRIMARY, BACKUP, "0.01", "running");
        backup.awaitLine("partner dead: activating lvs", START);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("deadtime 2 s, on a busy machine").isLessThan(Duration.ofSeconds(5));
        backup.awaitLine("heartbeat from " + PRIMARY + " is not authenticated: set heartbeat_auth = hmac-sha256 and"
                + " the same heartbeat_key_file on both routers", START);
        await().atMost(START).until(() -> PulseLab.owns(lab.lb2, VIP + "/24", "eth0:1"));
        await().during(Duration.ofSeconds(1)).atMost(START).until(() -> PulseLab.hasAddress(lab.lb2, VIP));
    }

    @Test
    void aForgedStoppedWhileThePrimaryRunsChangesNothing() {
        Path config = config("pair", KEY1);
        Daemon primary = lab.pulse(lab.lb1, config);
        primary.awaitLine("gratuitous lvs arps finished", START);
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        awaitBackupPassive(Duration.ofSeconds(1));
        forger("stopped");
        backup.awaitLine("heartbeat from " + PRIMARY + " is not authenticated", START);
        awaitBackupPassive(Duration.ofSeconds(3));
        assertThat(backup.lines()).noneMatch(line -> line.contains("activating lvs"));
        assertThat(primary.lines()).noneMatch(line -> line.contains("deactivating"));
    }

    @Test
    void aReplayedStoppedOfThePrimarysStartChangesNothing() {
        Path config = config("pair", KEY1);
        // the primary's first heartbeats, sent while it is still passive (STOPPED), as the backup's host saw them
        Tcpdump captured = Tcpdump.start(lab.lb2, "eth0", "udp and src host " + PRIMARY + " and dst port 539");
        Daemon primary = lab.pulse(lab.lb1, config);
        primary.awaitLine("gratuitous lvs arps finished", START);
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        awaitBackupPassive(Duration.ofSeconds(1));
        byte[] frame = captured.awaitFrames(1, START).get(0).bytes();
        captured.close();
        byte[] first = java.util.Arrays.copyOfRange(frame, 42, frame.length); // Ethernet 14, IPv4 20, UDP 8
        assertThat(first).as("an authenticated heartbeat").hasSize(52);
        Daemon replay = forger("silent");
        command(replay, "raw " + HexFormat.of().formatHex(first));
        backup.awaitLine("dropped: its counter is not above the last one taken", START);
        awaitBackupPassive(Duration.ofSeconds(3));
        assertThat(backup.lines()).noneMatch(line -> line.contains("activating lvs"));
        assertThat(primary.lines()).noneMatch(line -> line.contains("deactivating"));
    }

    @Test
    void aWrongKeyIsRefusedWithAClearMessage_atABoundedRate() {
        Daemon primary = lab.pulse(lab.lb1, config("primary", KEY1));
        Daemon backup = lab.pulse(lab.lb2, config("backup", KEY2));
        backup.awaitLine(FAILED, START);
        primary.awaitLine("heartbeat from " + BACKUP + " failed authentication: check heartbeat_key_file on both routers",
                START);
        // with keys that differ neither hears the other: both take over
        backup.awaitLine("partner dead: activating lvs", START);
        await().atMost(START).until(() -> PulseLab.hasAddress(lab.lb1, VIP) && PulseLab.hasAddress(lab.lb2, VIP));
        assertThat(backup.lines().stream().filter(line -> line.contains("failed authentication")).count())
                .as("five heartbeats a second, one line per 10 s").isLessThanOrEqualTo(2);
    }

    @Test
    void aKeyRotationByReloadsKeepsThePairTogether() {
        Daemon primary = lab.pulse(lab.lb1, config("primary", KEY1));
        primary.awaitLine("gratuitous lvs arps finished", START);
        Daemon backup = lab.pulse(lab.lb2, config("backup", KEY1));
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        awaitBackupPassive(Duration.ofSeconds(1));
        // add the new key second, then make it first, then drop the old one: each step on one router, then the other
        for (String[] keys : new String[][] {{KEY1, KEY2}, {KEY2, KEY1}, {KEY2}}) {
            for (String router : new String[] {"primary", "backup"}) {
                Daemon pulse = router.equals("primary") ? primary : backup;
                int mark = pulse.lineCount();
                writeKeys(router, keys);
                pulse.signal("HUP");
                pulse.awaitLineAfter(mark, line -> line.contains("heartbeats are authenticated (hmac-sha256) with "
                        + keys.length + " key(s)"), "the keys read again", START);
                awaitBackupPassive(Duration.ofMillis(600));
            }
        }
        awaitBackupPassive(Duration.ofSeconds(2));
        assertThat(backup.lines()).noneMatch(line -> line.contains("failed authentication") || line.contains("activating"));
        assertThat(primary.lines()).noneMatch(line -> line.contains("failed authentication"));
        // the primary signs with the new key only now: the old one alone no longer verifies it
        writeKeys("backup", KEY1);
        backup.signal("HUP");
        backup.awaitLine(FAILED, START);
    }

    @Test
    void aPlainPiranhaPartnerIsRefused_andAnAuthenticatedOneSeesBadPackets() {
        Daemon primary = lab.pulse(lab.lb1, lab.write("plain.cf", PulseLab.config("0.2", "1")));
        Daemon backup = lab.pulse(lab.lb2, config("backup", KEY1));
        backup.awaitLine("heartbeat from " + PRIMARY + " is not authenticated", START);
        primary.awaitLine("bad heartbeat packet", START);
        backup.awaitLine("partner dead: activating lvs", START);
    }
}
