package org.piranha.it.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Kernel;
import org.piranha.it.support.Lan;
import org.piranha.it.support.Netns;

/**
 * Proves that the kernel the ipvs tests run on (vm/) does what the project needs: IPVS tables,
 * scheduler modules that load on demand, and NAT forwarding between namespaces. The oracles are
 * ipvsadm, python's http.server and curl.
 */
@Tag("ipvs")
@Timeout(180)
class IpvsKernelIT {

    @BeforeAll
    static void kernelHasIpvs() {
        Kernel.requireIpvs();
    }

    /** The staged tree of this build (piranha.root) is where the tests look for it. */
    @Test
    void theBuildsInstallTreeIsVisible() {
        assertThat(Path.of(Installed.sbin("lvsd"))).isExecutable();
        assertThat(Installed.root().resolve("usr/share/piranha/lib/lvsd.jar")).isRegularFile();
    }

    @Test
    void ipvsadmReadsBackAServiceAndARealServer() {
        try (Lan lan = new Lan(); Netns director = Netns.create("director")) {
            lan.attach(director, "eth0", "10.6.1.1/24");

            director.ok("ipvsadm", "-A", "-t", "10.6.1.10:80", "-s", "rr");
            director.ok("ipvsadm", "-a", "-t", "10.6.1.10:80", "-r", "10.6.1.21:8080", "-m", "-w", "3");

            assertThat(table(director)).containsExactly(
                    "TCP 10.6.1.10:80 rr",
                    "-> 10.6.1.21:8080 Masq 3 0 0");
        }
    }

    @Test
    void schedulersLoadOnDemand() {
        List<String> schedulers = List.of("wlc", "sh", "mh");
        try (Lan lan = new Lan(); Netns director = Netns.create("director")) {
            lan.attach(director, "eth0", "10.6.1.1/24");

            int port = 80;
            for (String scheduler : schedulers) {
                director.ok("ipvsadm", "-A", "-t", "10.6.1.10:" + port++, "-s", scheduler);
            }

            assertThat(table(director)).containsExactlyInAnyOrder(
                    "TCP 10.6.1.10:80 wlc", "TCP 10.6.1.10:81 sh", "TCP 10.6.1.10:82 mh");
            for (String scheduler : schedulers) {
                assertThat(Kernel.moduleLoaded("ip_vs_" + scheduler)).as("ip_vs_%s loaded", scheduler).isTrue();
            }
        }
    }

    /**
     * client --(10.6.1.0/24)-- director, VIP 10.6.1.10:80, NAT --(10.6.2.0/24)-- rs1, rs2 (:8080).
     * The client has no route to 10.6.2.0/24: every answer comes through IPVS.
     */
    @Test
    void natForwardsHttpToBothRealServers(@TempDir Path docs) throws IOException {
        try (Lan front = new Lan(); Lan back = new Lan();
                Netns client = Netns.create("client"); Netns director = Netns.create("director");
                Netns rs1 = Netns.create("rs1"); Netns rs2 = Netns.create("rs2");
                Daemon web1 = webServer(rs1, back, "10.6.2.11", docs.resolve("rs1"));
                Daemon web2 = webServer(rs2, back, "10.6.2.12", docs.resolve("rs2"))) {
            front.attach(client, "eth0", "10.6.1.100/24");
            front.attach(director, "eth0", "10.6.1.1/24");
            back.attach(director, "eth1", "10.6.2.1/24");
            director.ok("ip", "addr", "add", "10.6.1.10/24", "dev", "eth0");
            director.ok("sysctl", "-qw", "net.ipv4.ip_forward=1");
            director.ok("ipvsadm", "-A", "-t", "10.6.1.10:80", "-s", "rr");
            director.ok("ipvsadm", "-a", "-t", "10.6.1.10:80", "-r", "10.6.2.11:8080", "-m");
            director.ok("ipvsadm", "-a", "-t", "10.6.1.10:80", "-r", "10.6.2.12:8080", "-m");
            web1.awaitLine("Serving HTTP", Duration.ofSeconds(60));
            web2.awaitLine("Serving HTTP", Duration.ofSeconds(60));

            Set<String> answers = new HashSet<>();
            for (int i = 0; i < 10 && answers.size() < 2; i++) {
                answers.add(client.ok("curl", "-sS", "--max-time", "20", "http://10.6.1.10/whoami").strip());
            }

            assertThat(answers).containsExactlyInAnyOrder("rs1", "rs2");
            assertThat(director.ok("ipvsadm", "-Lnc"))
                    .contains("10.6.2.11:8080").contains("10.6.2.12:8080");
        }
    }

    /**
     * python's http.server in {@code rs}, on {@code back} at {@code ip} behind the director,
     * serving {@code docs}, whose /whoami answers with the directory's name.
     */
    private static Daemon webServer(Netns rs, Lan back, String ip, Path docs) throws IOException {
        back.attach(rs, "eth0", ip + "/24");
        rs.ok("ip", "route", "add", "default", "via", "10.6.2.1");
        String name = docs.getFileName().toString();
        Files.createDirectories(docs);
        Files.writeString(docs.resolve("whoami"), name + "\n");
        return Daemon.start(name, rs.process("/usr/bin/python3", "-u", "-m", "http.server", "8080",
                "--bind", ip, "--directory", docs.toString()));
    }

    /** ipvsadm -Ln without its three header lines, each line's fields separated by one space. */
    private static List<String> table(Netns netns) {
        List<String> lines = new ArrayList<>();
        netns.ok("ipvsadm", "-Ln").lines().skip(3)
                .forEach(line -> lines.add(line.strip().replaceAll("\\s+", " ")));
        return lines;
    }
}
