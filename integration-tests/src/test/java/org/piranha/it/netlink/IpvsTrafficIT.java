package org.piranha.it.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Netns;
import org.piranha.it.support.Sh;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.Forwarding;
import org.piranha.netlink.ipvs.IpvsClient;
import org.piranha.netlink.ipvs.Protocol;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.Stats;

/**
 * Real traffic through a NAT virtual service: a client namespace, this JVM's namespace as the
 * director (VIP 10.8.0.100), a real-server namespace. Counters and connection counts we read must
 * be exactly what {@code ipvsadm -Ln --stats --exact} shows, and editing a service or real server
 * in place must keep an established connection.
 */
@Tag("ipvs")
class IpvsTrafficIT {

    private static final String VIP = "10.8.0.100";
    private static final String RS = "10.9.0.2";

    private static Netns client;
    private static Netns server;
    private static Daemon http;
    private static Daemon echo;
    private static IpvsClient ipvs;

    @BeforeAll
    static void clientDirectorAndRealServer() throws Exception {
        client = Netns.create("client");
        server = Netns.create("rs");
        Sh.ok("ip", "link", "add", "pjc0", "type", "veth", "peer", "name", "eth0", "netns", client.name());
        Sh.ok("ip", "link", "add", "pjr0", "type", "veth", "peer", "name", "eth0", "netns", server.name());
        Sh.ok("ip", "addr", "add", "10.8.0.1/24", "dev", "pjc0");
        Sh.ok("ip", "addr", "add", VIP + "/32", "dev", "pjc0");
        Sh.ok("ip", "addr", "add", "10.9.0.1/24", "dev", "pjr0");
        Sh.ok("ip", "link", "set", "pjc0", "up");
        Sh.ok("ip", "link", "set", "pjr0", "up");
        Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
        client.ok("ip", "addr", "add", "10.8.0.2/24", "dev", "eth0");
        client.ok("ip", "link", "set", "eth0", "up");
        client.ok("ip", "route", "add", "default", "via", "10.8.0.1");
        server.ok("ip", "addr", "add", RS + "/24", "dev", "eth0");
        server.ok("ip", "link", "set", "eth0", "up");
        server.ok("ip", "route", "add", "default", "via", "10.9.0.1");

        http = Daemon.start("http.server", server.process("/usr/bin/python3", "-m", "http.server", "80", "--bind", RS,
                "--directory", "/usr/share/doc"));
        echo = Daemon.start("echo server", server.process("socat", "TCP-LISTEN:7000,fork,reuseaddr", "EXEC:cat"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Sh.run("curl", "-s", "-o", "/dev/null", "http://" + RS + "/").ok());
        ipvs = IpvsClient.open();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (ipvs != null) {
            ipvs.flush();
            ipvs.close();
        }
        for (Daemon daemon : new Daemon[] {http, echo}) {
            if (daemon != null) {
                daemon.close();
            }
        }
        client.close();
        server.close();
        Sh.run("ip", "link", "del", "pjc0");
        Sh.run("ip", "link", "del", "pjr0");
    }

    @BeforeEach
    void emptyTable() throws Exception {
        ipvs.flush();
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    /** The five counters of an ipvsadm --stats --exact line ("TCP 10.8.0.100:80 3 18 12 1160 2700"). */
    private static List<Long> ipvsadmCounters(String lineStart) {
        String line = Ipvsadm.run("-Ln", "--stats", "--exact").lines()
                .map(l -> l.trim().replaceAll("\\s+", " "))
                .filter(l -> l.startsWith(lineStart + " "))
                .findFirst().orElseThrow(() -> new AssertionError("ipvsadm lists no " + lineStart));
        String[] fields = line.substring(lineStart.length()).trim().split(" ");
        return List.of(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                Long.parseLong(fields[3]), Long.parseLong(fields[4]));
    }

    private static List<Long> counters(Stats stats) {
        return List.of(stats.connections(), stats.inPackets(), stats.outPackets(), stats.inBytes(), stats.outBytes());
    }

    @Test
    void countersAfterRealHttpTrafficMatchIpvsadmExactly() throws Exception {
        ServiceKey web = ServiceKey.of(Protocol.TCP, ip(VIP), 80);
        ipvs.addService(Service.builder(web).scheduler("rr").build());
        ipvs.addDestination(web, Destination.builder(ip(RS), 80).forwarding(Forwarding.MASQ).build());

        for (int i = 0; i < 3; i++) {
            assertThat(client.ok("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://" + VIP + "/"))
                    .isEqualTo("200");
        }

        // The kernel folds its per-CPU counters into what it reports every 2 s, and the last
        // FIN/ACKs may still be in flight: wait until all three connections are counted and two
        // ipvsadm readings agree with ours.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Long> before = ipvsadmCounters("TCP " + VIP + ":80");
            Stats ours = ipvs.service(web).orElseThrow().stats();
            assertThat(ours.connections()).isEqualTo(3);
            DestinationStatus rs = ipvs.destinations(web).get(0);
            List<Long> after = ipvsadmCounters("TCP " + VIP + ":80");
            assertThat(after).isEqualTo(before);
            assertThat(counters(ours)).isEqualTo(after);
            assertThat(counters(rs.stats())).isEqualTo(ipvsadmCounters("-> " + RS + ":80"));
        });
        Stats stats = ipvs.service(web).orElseThrow().stats();
        assertThat(stats.connections()).isEqualTo(3);
        assertThat(stats.inPackets()).isPositive();
        assertThat(stats.outPackets()).isPositive();
        assertThat(stats.inBytes()).isPositive();
        assertThat(stats.outBytes()).isGreaterThan(stats.inBytes());

        ipvs.zero(web);
        assertThat(counters(ipvs.service(web).orElseThrow().stats())).containsOnly(0L);
        assertThat(ipvsadmCounters("TCP " + VIP + ":80")).containsOnly(0L);
    }

    @Test
    void editingServiceAndRealServerInPlaceKeepsAnEstablishedConnection() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, ip(VIP), 7000);
        Service service = Service.builder(key).scheduler("rr").build();
        Destination rs = Destination.builder(ip(RS), 7000).forwarding(Forwarding.MASQ).weight(1).build();
        ipvs.addService(service);
        ipvs.addDestination(key, rs);

        try (Daemon session = Daemon.start("socat client",
                client.process("socat", "STDIO", "TCP:" + VIP + ":7000"))) {
            OutputStream input = session.process().getOutputStream();
            say(input, "before");
            session.awaitLine("before", Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> ipvs.destinations(key).get(0).activeConnections() == 1);
            assertThat(Ipvsadm.parseList(Ipvsadm.run("-Ln")).get("TCP " + VIP + ":7000 rr"))
                    .containsExactly("-> " + RS + ":7000 Masq 1 1 0");

            ipvs.editService(service.toBuilder().scheduler("wlc").persistent(120).build());
            ipvs.editDestination(key, rs.toBuilder().weight(5).build());

            DestinationStatus after = ipvs.destinations(key).get(0);
            assertThat(after.activeConnections()).isEqualTo(1);
            assertThat(after.destination().weight()).isEqualTo(5);
            assertThat(Ipvsadm.parseList(Ipvsadm.run("-Ln")).get("TCP " + VIP + ":7000 wlc persistent 120"))
                    .containsExactly("-> " + RS + ":7000 Masq 5 1 0");

            say(input, "after");
            session.awaitLine("after", Duration.ofSeconds(30));
        }
    }

    private static void say(OutputStream input, String line) throws Exception {
        input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        input.flush();
    }
}
