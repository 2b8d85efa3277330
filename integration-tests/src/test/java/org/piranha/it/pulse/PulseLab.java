package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Lan;
import org.piranha.it.support.Netns;
import org.piranha.it.support.Tcpdump;

/**
 * Two routers and an observer on one Ethernet segment, each in a namespace of its own:
 * lb1 (primary, 10.6.3.1), lb2 (backup, 10.6.3.2) and obs (10.6.3.9, where tcpdump watches).
 * Runs the installed pulse with {@code -n --norun}, so neither lvsd nor IPVS is needed.
 */
final class PulseLab implements AutoCloseable {

    static final String PRIMARY = "10.6.3.1";
    static final String BACKUP = "10.6.3.2";
    static final String OBSERVER = "10.6.3.9";
    static final String VIP = "10.6.3.100";
    static final String PRIMARY_MAC = "52:54:00:06:03:01";
    static final String BACKUP_MAC = "52:54:00:06:03:02";
    static final Duration START = Duration.ofSeconds(60);

    final Lan lan = new Lan();
    final Netns lb1 = Netns.create("lb1");
    final Netns lb2 = Netns.create("lb2");
    final Netns obs = Netns.create("obs");
    final String lb1Leg;
    final String lb2Leg;
    final Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();

    PulseLab() {
        lb1Leg = lan.attach(lb1, "eth0", PRIMARY + "/24");
        lb2Leg = lan.attach(lb2, "eth0", BACKUP + "/24");
        lan.attach(obs, "eth0", OBSERVER + "/24");
        lb1.ok("ip", "link", "set", "eth0", "address", PRIMARY_MAC);
        lb2.ok("ip", "link", "set", "eth0", "address", BACKUP_MAC);
        try {
            dir = Files.createTempDirectory("pulse-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An lvs.cf for the pair with one active virtual service on {@link #VIP} (label eth0:1,
     * netmask /24), the given timers and any further global lines.
     */
    static String config(String keepalive, String deadtime, String... extraGlobals) {
        return configWithVip(keepalive, deadtime, VIP + " eth0:1", extraGlobals);
    }

    /** As {@link #config}, with another {@code address} line ("10.6.3.101 eth0:2"). */
    static String configWithVip(String keepalive, String deadtime, String vipAndDevice, String... extraGlobals) {
        return "serial_no = 1\n"
                + "primary = " + PRIMARY + "\n"
                + "backup = " + BACKUP + "\n"
                + "backup_active = 1\n"
                + "service = lvs\n"
                + "heartbeat_port = 539\n"
                + "keepalive = " + keepalive + "\n"
                + "deadtime = " + deadtime + "\n"
                + "network = direct\n"
                + String.join("\n", extraGlobals) + "\n"
                + "virtual www {\n"
                + "    active = 1\n"
                + "    address = " + vipAndDevice + "\n"
                + "    vip_nmask = 255.255.255.0\n"
                + "    port = 80\n"
                + "    server web1 {\n"
                + "        address = 10.6.3.21\n"
                + "        active = 1\n"
                + "    }\n"
                + "}\n";
    }

    Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the installed pulse in {@code netns} with {@code -n --norun -c CONFIG} and the extra options. */
    Daemon pulse(Netns netns, Path config, String... extra) {
        return pulse(netns, config, List.of(), extra);
    }

    Daemon pulse(Netns netns, Path config, List<String> environment, String... extra) {
        List<String> options = new ArrayList<>(List.of("--norun"));
        options.addAll(List.of(extra));
        return pulseWith(netns, config, environment, options);
    }

    /** The installed pulse with {@code -n -c CONFIG} and exactly the given options. */
    Daemon pulseWith(Netns netns, Path config, List<String> environment, List<String> options) {
        List<String> arguments = new ArrayList<>(List.of("-n"));
        arguments.addAll(options);
        return pulseArguments(netns, config, environment, arguments);
    }

    /**
     * The installed pulse with {@code -c CONFIG} and exactly the given arguments (no -n unless
     * given), plus a status socket of its own ({@link #statusSocket}) unless they name one.
     */
    Daemon pulseArguments(Netns netns, Path config, List<String> environment, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("env"));
        command.addAll(environment);
        command.addAll(List.of(Installed.sbin("pulse"), "-c", config.toString()));
        command.addAll(arguments);
        if (arguments.stream().noneMatch(a -> a.startsWith("--status-socket"))) {
            command.add("--status-socket=" + statusSocket(netns));
        }
        return track(Daemon.start("pulse in " + netns.name(), netns.process(command.toArray(String[]::new))));
    }

    /** Where the pulse in {@code netns} answers {@code pulse --status}: one socket per router, as on two machines. */
    Path statusSocket(Netns netns) {
        return dir.resolve(netns.name()).resolve("status.sock");
    }

    /** The Python stand-in for Piranha's pulse (src/test/resources/pulse/fake_pulse.py), bound and ready. */
    Daemon fakePulse(Netns netns, String bindIp, String partnerIp, String keepalive, String mode) {
        Daemon fake = track(Daemon.start("fake pulse in " + netns.name(), netns.process("/usr/bin/python3",
                resource("fake_pulse.py").toString(), bindIp, "539", partnerIp, keepalive, mode)));
        fake.awaitLine("ready", START);
        return fake;
    }

    /** Tells a fake pulse what to send from now on: running, stopped, silent, garbage. */
    static void command(Daemon fake, String command) {
        try {
            OutputStream in = fake.process().getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fake.awaitLine("mode " + command, START);
    }

    /**
     * An executable that runs fake_lvsd.py, for {@code --lvsd=}; and {@code active_cmd} /
     * {@code inactive_cmd} scripts that append "active" / "inactive" to {@link #commandLog()}.
     */
    Path fakeLvsd() {
        return script("fake-lvsd", "FAKE_LVSD_LOG=" + fakeLvsdLog() + " exec /usr/bin/python3 "
                + resource("fake_lvsd.py") + " \"$@\"");
    }

    /** Every line of every fake lvsd, also those printed after pulse died. */
    Path fakeLvsdLog() {
        return dir.resolve("fake-lvsd.log");
    }

    List<String> fakeLvsdLines() {
        try {
            return Files.exists(fakeLvsdLog()) ? Files.readAllLines(fakeLvsdLog()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path activeCmd() {
        return script("active.sh", "echo active >> " + commandLog());
    }

    Path inactiveCmd() {
        return script("inactive.sh", "echo inactive >> " + commandLog());
    }

    Path commandLog() {
        return dir.resolve("commands.log");
    }

    /** What the commands wrote, one word a line. */
    List<String> commandsRun() {
        try {
            return Files.exists(commandLog()) ? Files.readAllLines(commandLog()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path script(String name, String body) {
        Path script = write(name, "#!/bin/sh\n" + body + "\n");
        script.toFile().setExecutable(true);
        return script;
    }

    Tcpdump arpWatch() {
        return track(Tcpdump.start(obs, "eth0", "arp"));
    }

    static Path resource(String name) {
        try {
            return Path.of(PulseLab.class.getResource("/pulse/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The IPv4 addresses of eth0 in {@code netns}, one {@code ip -o addr} line each. */
    static List<String> addresses(Netns netns) {
        return addresses(netns, "eth0");
    }

    static List<String> addresses(Netns netns, String device) {
        return netns.ok("ip", "-o", "-4", "addr", "show", "dev", device).lines().toList();
    }

    /** Whether {@code netns} has {@code cidr} (e.g. "10.6.3.100/24") on eth0 with {@code label}. */
    static boolean owns(Netns netns, String cidr, String label) {
        return owns(netns, "eth0", cidr, label);
    }

    static boolean owns(Netns netns, String device, String cidr, String label) {
        return addresses(netns, device).stream().anyMatch(line -> line.contains(" inet " + cidr + " ")
                && line.contains(" " + label + "\\"));
    }

    static boolean hasAddress(Netns netns, String address) {
        return hasAddress(netns, "eth0", address);
    }

    static boolean hasAddress(Netns netns, String device, String address) {
        return addresses(netns, device).stream().anyMatch(line -> line.contains(" " + address + "/"));
    }

    /** The gratuitous ARP frames announcing {@code address}, as tcpdump saw them. */
    static List<Tcpdump.Frame> announcements(Tcpdump tcpdump, String address) {
        String hex = hex(address);
        return tcpdump.frames().stream()
                .filter(f -> f.bytes().length >= 42 && f.u16(12) == 0x0806 && f.hex(28, 32).equals(hex)
                        && f.hex(38, 42).equals(hex))
                .toList();
    }

    static String hex(String dottedQuad) {
        StringBuilder hex = new StringBuilder();
        for (String part : dottedQuad.split("\\.")) {
            hex.append(String.format("%02x", Integer.parseInt(part)));
        }
        return hex.toString();
    }

    /** How long after {@code from} tcpdump saw {@code frame} (both local times of day). */
    static Duration after(LocalTime from, Tcpdump.Frame frame) {
        return Duration.between(from, frame.time());
    }

    /** Lines containing "activating lvs" (any of Piranha's activation lines). */
    static long activations(Daemon pulse) {
        return pulse.lines().stream().filter(line -> line.contains(": ") && line.endsWith("activating lvs")).count();
    }

    static void assertActivations(Daemon pulse, long expected) {
        assertThat(activations(pulse)).as(String.join("\n", pulse.lines())).isEqualTo(expected);
    }

    /** Closes {@code resource} with the lab, after everything started later. */
    <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
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
        lb1.close();
        lb2.close();
        obs.close();
        lan.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
