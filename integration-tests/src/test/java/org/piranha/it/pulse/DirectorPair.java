package org.piranha.it.pulse;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.piranha.it.support.ClassDataArchives;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.HttpRealServer;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Lan;
import org.piranha.it.support.Netns;

/**
 * The whole thing on one segment, as the seed runs it by direct routing: two directors (lb1
 * primary 10.6.7.1, lb2 backup 10.6.7.2) each running the installed pulse with the installed
 * lvsd and nannies, two real servers (web1 10.6.7.21, web2 10.6.7.22) answering HTTP with their
 * name and holding the VIP 10.6.7.100 on loopback, and a client (10.6.7.9) that asks through
 * the VIP every 100 ms. Needs kernel IPVS: each director namespace has its own table.
 */
final class DirectorPair implements AutoCloseable {

    static final String VIP = "10.6.7.100";
    static final String PRIMARY = "10.6.7.1";
    static final String BACKUP = "10.6.7.2";
    /** Generous: under the VM's emulation a JVM takes about 2 s to start, and each director runs four. */
    static final Duration WAIT = Duration.ofSeconds(120);

    final Lan lan = new Lan();
    final Netns lb1 = Netns.create("lb1");
    final Netns lb2 = Netns.create("lb2");
    final Netns client = Netns.create("client");
    final HttpRealServer web1;
    final HttpRealServer web2;
    final Path dir;
    private final Path config;
    private final List<AutoCloseable> started = new ArrayList<>();

    DirectorPair(String keepalive, String deadtime, boolean hotStandby) {
        lan.attach(lb1, "eth0", PRIMARY + "/24");
        lan.attach(lb2, "eth0", BACKUP + "/24");
        lan.attach(client, "eth0", "10.6.7.9/24");
        web1 = HttpRealServer.create(lan, "web1", "10.6.7.21/24").acceptVip(VIP).serve(80);
        web2 = HttpRealServer.create(lan, "web2", "10.6.7.22/24").acceptVip(VIP).serve(80);
        try {
            dir = Files.createTempDirectory("pulse-pair");
            config = Files.writeString(dir.resolve("lvs.cf"), config(keepalive, deadtime, hotStandby),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String config(String keepalive, String deadtime, boolean hotStandby) {
        return "serial_no = 1\n"
                + "primary = " + PRIMARY + "\n"
                + "backup = " + BACKUP + "\n"
                + "backup_active = 1\n"
                + "service = lvs\n"
                + "heartbeat_port = 539\n"
                + "keepalive = " + keepalive + "\n"
                + "deadtime = " + deadtime + "\n"
                + "network = direct\n"
                + "hot_standby = " + (hotStandby ? 1 : 0) + "\n"
                + "virtual www {\n"
                + "    active = 1\n"
                + "    address = " + VIP + " eth0:1\n"
                + "    vip_nmask = 255.255.255.255\n"
                + "    port = 80\n"
                + "    scheduler = rr\n"
                + "    send = \"GET / HTTP/1.0\\r\\n\\r\\n\"\n"
                + "    expect = \"HTTP\"\n"
                + "    timeout = 1\n"
                + "    reentry = 2\n"
                + "    server web1 {\n"
                + "        address = 10.6.7.21\n"
                + "        active = 1\n"
                + "    }\n"
                + "    server web2 {\n"
                + "        address = 10.6.7.22\n"
                + "        active = 1\n"
                + "    }\n"
                + "}\n";
    }

    /**
     * The installed pulse (and through it lvsd and the nannies) with -n in {@code director},
     * answering {@code pulse --status} on {@link #statusSocket}.
     */
    Daemon pulse(Netns director) {
        ProcessBuilder builder = director.process(Installed.sbin("pulse"), "-n", "-c", config.toString(),
                "--status-socket=" + statusSocket(director));
        builder.environment().put("PIRANHA_CDS_DIR", ClassDataArchives.dir().toString());
        Daemon pulse = Daemon.start("pulse in " + director.name(), builder);
        started.add(pulse);
        return pulse;
    }

    /** Closes {@code daemon} with the pair. */
    Daemon closing(Daemon daemon) {
        started.add(daemon);
        return daemon;
    }

    /** Where the pulse in {@code director} answers {@code pulse --status}: one socket per director. */
    Path statusSocket(Netns director) {
        return dir.resolve(director.name()).resolve("status.sock");
    }

    /** The client's loop: one line per attempt, "ok EPOCH SERVER" or "fail EPOCH REASON". */
    Daemon startClient() {
        Daemon loop = Daemon.start("client", client.process("/usr/bin/python3",
                PulseLab.resource("http_client.py").toString(), VIP, "80", "0.1", "0.5"));
        started.add(loop);
        loop.awaitLine("started", WAIT);
        return loop;
    }

    /** One attempt of the client's loop. */
    record Attempt(boolean ok, double epoch, String detail) {
        static Optional<Attempt> parse(String line) {
            String[] f = line.split(" ", 3);
            if (f.length < 2 || !(f[0].equals("ok") || f[0].equals("fail"))) {
                return Optional.empty();
            }
            return Optional.of(new Attempt(f[0].equals("ok"), Double.parseDouble(f[1]), f.length > 2 ? f[2] : ""));
        }
    }

    static List<Attempt> attempts(Daemon client) {
        return client.lines().stream().map(Attempt::parse).flatMap(Optional::stream).toList();
    }

    /**
     * Waits until the client sends to {@code director} for the VIP (its ARP entry holds that
     * director's MAC) and has been answered since, then returns the outage from {@code since}
     * (epoch seconds): zero if no attempt failed after {@code since}, otherwise up to the first
     * answer after the last failure. Waiting for the move matters: until the client's ARP entry
     * moves, the old director's kernel may still be forwarding, and a cold standby fails only
     * once the client sends to it.
     */
    Duration awaitServedThrough(Netns director, Daemon client, double since) {
        String mac = director.ok("cat", "/sys/class/net/eth0/address").strip();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> vipNeighbour().contains(mac));
        double movedAt = epochNow();
        List<Attempt> seen = await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> attempts(client), all -> all.stream().anyMatch(a -> a.ok() && a.epoch() > movedAt));
        int served = 0;
        while (!(seen.get(served).ok() && seen.get(served).epoch() > movedAt)) {
            served++;
        }
        return outage(seen.subList(0, served + 1), since); // what came later is another story
    }

    private String vipNeighbour() {
        return client.ok("ip", "neigh", "show", VIP);
    }

    static Duration outage(List<Attempt> attempts, double since) {
        double lastFailure = attempts.stream().filter(a -> !a.ok() && a.epoch() >= since)
                .mapToDouble(Attempt::epoch).max().orElse(Double.NaN);
        if (Double.isNaN(lastFailure)) {
            return Duration.ZERO;
        }
        double servedAgain = attempts.stream().filter(a -> a.ok() && a.epoch() > lastFailure)
                .mapToDouble(Attempt::epoch).min().orElseThrow();
        return Duration.ofNanos((long) ((servedAgain - since) * 1e9));
    }

    static double epochNow() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // best effort: the namespaces go anyway
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {web1, web2, client, lb1, lb2, lan}) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
