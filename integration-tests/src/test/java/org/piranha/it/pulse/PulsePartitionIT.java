package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.BACKUP_MAC;
import static org.piranha.it.pulse.PulseLab.PRIMARY_MAC;
import static org.piranha.it.pulse.PulseLab.START;
import static org.piranha.it.pulse.PulseLab.VIP;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Netns;
import org.piranha.it.support.Tcpdump;

/**
 * A partition of the heartbeat path and its heal, on a pair of installed pulses (--norun): nft
 * drops all UDP between the two routers for 1, 5 and 30 x deadtime, with and without
 * authenticated heartbeats. A sampler records every 20 ms which router holds the VIP; within
 * 2 x keepalive of the heal only the primary does, and the client (obs, where tcpdump listens)
 * hears only the primary's MAC for the VIP from then on.
 */
@Tag("netns")
class PulsePartitionIT {

    /** Timers a busy machine (six builds on two cores) keeps to; the bound scales with them. */
    private static final double KEEPALIVE = 0.5;
    private static final double DEADTIME = 1.5;
    /** 2 x keepalive, the bound of the issue. */
    private static final Duration BOUND = Duration.ofMillis(Math.round(2 * KEEPALIVE * 1000));
    /** One sampling period: a sample's time is taken before its two "ip" runs, so it is never late. */
    private static final Duration SAMPLING = Duration.ofMillis(20);

    @AutoClose
    private final PulseLab lab = new PulseLab();

    private record Sample(long at, boolean primary, boolean backup) {}

    /** Records every 20 ms whether each router holds the VIP. */
    private final class Sampler implements AutoCloseable {
        private final List<Sample> samples = new ArrayList<>();
        private final Thread thread = new Thread(this::run, "vip-sampler");
        private volatile boolean stop;

        Sampler() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            long next = System.nanoTime();
            while (!stop) {
                Sample sample = new Sample(System.nanoTime(), PulseLab.hasAddress(lab.lb1, VIP),
                        PulseLab.hasAddress(lab.lb2, VIP));
                synchronized (samples) {
                    samples.add(sample);
                }
                next += TimeUnit.MILLISECONDS.toNanos(20);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else {
                    next = System.nanoTime();
                }
            }
        }

        List<Sample> samples() {
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(5000);
        }
    }

    private static void cut(Netns netns) {
        netns.ok("nft", "add table inet pulsecut { chain in { type filter hook input priority 0; meta l4proto udp drop; };"
                + " chain out { type filter hook output priority 0; meta l4proto udp drop; }; }");
    }

    private static void heal(Netns netns) {
        netns.ok("nft", "delete", "table", "inet", "pulsecut");
    }

    private Path config(boolean auth) {
        List<String> extra = new ArrayList<>();
        if (auth) {
            Path key = lab.dir.resolve("heartbeat.key");
            try {
                Files.writeString(key, PulseHeartbeatAuthIT.KEY1 + "\n");
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            extra.add("heartbeat_auth = hmac-sha256");
            extra.add("heartbeat_key_file = " + key);
        }
        return lab.write("lvs.cf", PulseLab.config(String.valueOf(KEEPALIVE), String.valueOf(DEADTIME),
                extra.toArray(String[]::new)));
    }

    @ParameterizedTest(name = "cut of {0} x deadtime, auth {1}")
    @CsvSource({"1, false", "5, false", "30, false", "1, true", "5, true", "30, true"})
    void afterTheHealOnlyThePrimaryHoldsTheVip_withinTwoKeepalives(int deadtimes, boolean auth) throws Exception {
        Path config = config(auth);
        // one after the other: a busy machine must not let the backup take over before the primary is up
        Daemon primary = lab.pulse(lab.lb1, config);
        primary.awaitLine("gratuitous lvs arps finished", START);
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        await().atMost(START).until(() -> PulseLab.hasAddress(lab.lb1, VIP) && !PulseLab.hasAddress(lab.lb2, VIP));
        try (Daemon web1 = webServer(lab.lb1, "lb1"); Daemon web2 = webServer(lab.lb2, "lb2")) {
            assertThat(fetch()).isEqualTo("lb1"); // and the client knows the VIP by the primary's MAC
            partitionAndHeal(deadtimes, backup);
            // a real client is answered through the VIP, by the primary, whose MAC it has
            assertThat(fetch()).isEqualTo("lb1");
            assertThat(lab.obs.ok("ip", "neigh", "show", VIP)).contains(PRIMARY_MAC);
        }
    }

    /** What the web server behind the VIP says it is (each router runs one that answers its name). */
    private String fetch() {
        return lab.obs.ok("curl", "-s", "--max-time", "5", "http://" + VIP + ":8080/who").strip();
    }

    private Daemon webServer(Netns netns, String name) throws IOException {
        Path root = Files.createDirectories(lab.dir.resolve(name + "-www"));
        Files.writeString(root.resolve("who"), name + "\n");
        Daemon web = Daemon.start("web in " + netns.name(), netns.process("/usr/bin/python3", "-u", "-m", "http.server",
                "8080", "--directory", root.toString()));
        web.awaitLine("Serving HTTP", START);
        return web;
    }

    private void partitionAndHeal(int deadtimes, Daemon backup) throws Exception {
        try (Tcpdump client = Tcpdump.start(lab.obs, "eth0", "arp"); Sampler sampler = new Sampler()) {
            cut(lab.lb1);
            cut(lab.lb2);
            long cutAt = System.nanoTime();
            Thread.sleep(Math.round(deadtimes * DEADTIME * 1000)); // the length of the cut is the experiment
            heal(lab.lb1);
            heal(lab.lb2);
            long healedAt = System.nanoTime();
            LocalTime healedClock = LocalTime.now();
            boolean dualActive = sampler.samples().stream().anyMatch(s -> s.at() > cutAt && s.primary() && s.backup());
            if (deadtimes >= 5) {
                assertThat(dualActive).as("each router thought the other dead during the cut").isTrue();
            }
            long enough = healedAt + BOUND.plus(SAMPLING).plus(Duration.ofSeconds(1)).toNanos();
            await().atMost(START).until(() -> sampler.samples().stream().anyMatch(s -> s.at() > enough));

            List<Sample> after = sampler.samples().stream().filter(s -> s.at() >= healedAt).toList();
            long lastBoth = after.stream().filter(s -> s.primary() && s.backup()).mapToLong(Sample::at).max()
                    .orElse(healedAt);
            System.out.printf("cut of %d x deadtime: both active during the cut: %s; last sample with both active"
                    + " %d ms after the heal%n", deadtimes, dualActive, (lastBoth - healedAt) / 1_000_000);
            assertThat(Duration.ofNanos(lastBoth - healedAt)).as("dual-active after the heal").isLessThanOrEqualTo(
                    BOUND.plus(SAMPLING));
            long settled = healedAt + BOUND.plus(SAMPLING).toNanos();
            assertThat(after.stream().filter(s -> s.at() > settled))
                    .as("only the primary holds the VIP from 2 x keepalive after the heal on").isNotEmpty()
                    .allMatch(s -> s.primary() && !s.backup());

            // ARP for the VIP after the heal: the primary announces again (tcpdump may print it a little
            // later on a busy machine), and once the backup let go only the primary's MAC is heard
            String primaryMac = PRIMARY_MAC.replace(":", "");
            if (dualActive) {
                await().atMost(START).until(() -> PulseLab.announcements(client, VIP).stream()
                        .anyMatch(f -> f.time().isAfter(healedClock) && f.hex(6, 12).equals(primaryMac)));
                backup.awaitLine("partner active: deactivating LVS", START);
            }
            LocalTime settledClock = healedClock.plus(BOUND.plus(SAMPLING));
            assertThat(PulseLab.announcements(client, VIP).stream().filter(f -> f.time().isAfter(settledClock)))
                    .as("after the heal only the primary announces the VIP")
                    .allMatch(f -> f.hex(6, 12).equals(primaryMac))
                    .noneMatch(f -> f.hex(6, 12).equals(BACKUP_MAC.replace(":", "")));
        }
    }
}
