package org.piranha.it.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Sh;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.ipvs.BatchResult;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.Forwarding;
import org.piranha.netlink.ipvs.IpvsClient;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Protocol;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceFlag;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.ServiceStatus;
import org.piranha.netlink.ipvs.SyncDaemon;
import org.piranha.netlink.ipvs.SyncState;
import org.piranha.netlink.ipvs.Timeouts;
import org.piranha.netlink.ipvs.TunnelType;

/**
 * Our IPVS client against ipvsadm, both ways, on a real kernel IPVS table. Runs in the network
 * namespace of the test JVM, which the harness gives a namespace of its own (never the host's).
 */
@Tag("ipvs")
class IpvsClientIT {

    /** Every scheduler the Debian kernel ships. */
    static final List<String> SCHEDULERS = List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq",
            "fo", "ovf", "mh");

    private static IpvsClient ipvs;

    @BeforeAll
    static void openAndGiveTheDirectorRoutesToTheRealServers() throws Exception {
        // IPVS only accepts real servers whose address is unicast from the director's point of view
        Sh.ok("ip", "link", "add", "pjrs0", "type", "veth", "peer", "name", "pjrs0p");
        Sh.ok("ip", "addr", "add", "10.0.0.254/16", "dev", "pjrs0");
        Sh.ok("ip", "addr", "add", "2001:db8::fe/64", "dev", "pjrs0", "nodad");
        Sh.ok("ip", "link", "set", "pjrs0", "up");
        Sh.ok("ip", "link", "set", "pjrs0p", "up");
        ipvs = IpvsClient.open();
    }

    @AfterAll
    static void closeAndClean() throws Exception {
        if (ipvs != null) {
            ipvs.flush();
            ipvs.close();
        }
        Sh.run("ip", "link", "del", "pjrs0");
    }

    @BeforeEach
    void emptyTable() throws Exception {
        ipvs.flush();
        assertThat(Ipvsadm.parseList(Ipvsadm.run("-Ln"))).isEmpty();
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static ServiceKey tcp(String vip, int port) {
        return ServiceKey.of(Protocol.TCP, ip(vip), port);
    }

    /** One service per scheduler, every forwarding method, persistence with masks, fwmark, UDP, SCTP, IPv6. */
    static Map<Service, List<Destination>> sweep() {
        Map<Service, List<Destination>> table = new LinkedHashMap<>();
        for (int i = 0; i < SCHEDULERS.size(); i++) {
            String scheduler = SCHEDULERS.get(i);
            Service.Builder service = Service.builder(tcp("10.6.1." + (i + 1), 80)).scheduler(scheduler);
            if (scheduler.equals("sh")) {
                service.flag(ServiceFlag.SCHED_FALLBACK).flag(ServiceFlag.SCHED_PORT);
            }
            if (scheduler.equals("mh")) {
                service.flag(ServiceFlag.SCHED_PORT);
            }
            if (scheduler.equals("lc")) {
                service.persistent(300).persistenceNetmask(24);
            }
            table.put(service.build(), List.of(
                    Destination.builder(ip("10.0.1." + (i + 1)), 80).build()));
        }
        table.put(Service.builder(tcp("10.6.2.1", 80)).scheduler("wlc").build(), List.of(
                Destination.builder(ip("10.0.2.1"), 8080).forwarding(Forwarding.MASQ).weight(10).thresholds(100, 10).build(),
                Destination.builder(ip("10.0.2.2"), 80).forwarding(Forwarding.ROUTE).weight(0).build(),
                Destination.builder(ip("10.0.2.3"), 80).forwarding(Forwarding.TUNNEL).weight(3).build(),
                Destination.builder(ip("10.0.2.4"), 80).forwarding(Forwarding.TUNNEL).tunnel(TunnelType.GUE, 6080, 0).build(),
                Destination.builder(ip("10.0.2.5"), 80).forwarding(Forwarding.TUNNEL).tunnel(TunnelType.GRE, 0, 1).build()));
        table.put(Service.builder(ServiceKey.of(Protocol.UDP, ip("10.6.2.2"), 53)).scheduler("rr")
                .flag(ServiceFlag.ONE_PACKET).build(), List.of(
                Destination.builder(ip("10.0.2.6"), 53).forwarding(Forwarding.MASQ).build()));
        table.put(Service.builder(ServiceKey.of(Protocol.UDP, ip("10.6.2.3"), 5060)).scheduler("rr").persistent(60)
                .persistenceEngine("sip").build(), List.of());
        table.put(Service.builder(ServiceKey.of(Protocol.SCTP, ip("10.6.2.4"), 3868)).scheduler("rr").build(), List.of(
                Destination.builder(ip("10.0.2.7"), 3868).forwarding(Forwarding.MASQ).weight(2).build()));
        table.put(Service.builder(tcp("10.6.2.5", 0)).scheduler("wlc").persistent(360).build(), List.of());
        table.put(Service.builder(ServiceKey.fwmark(5)).scheduler("wlc").persistent(60).build(), List.of(
                Destination.builder(ip("10.0.2.8"), 0).build()));
        table.put(Service.builder(ServiceKey.fwmark(IpFamily.IPV6, 6)).scheduler("wrr").persistent(120)
                .persistenceNetmask(64).build(), List.of());
        table.put(Service.builder(tcp("2001:db8::1", 443)).scheduler("sed").persistent(30).persistenceNetmask(48).build(),
                List.of(Destination.builder(ip("2001:db8::2"), 443).forwarding(Forwarding.MASQ).weight(5).build(),
                        Destination.builder(ip("2001:db8::3"), 443).forwarding(Forwarding.TUNNEL)
                                .tunnel(TunnelType.GUE, 6081, 1).build()));
        return table;
    }

    private static Map<Service, Set<Destination>> dumpTable() throws IpvsException {
        Map<Service, Set<Destination>> table = new HashMap<>();
        for (ServiceStatus status : ipvs.services()) {
            Set<Destination> destinations = new HashSet<>();
            for (DestinationStatus d : ipvs.destinations(status.key())) {
                destinations.add(d.destination());
            }
            table.put(status.service(), destinations);
        }
        return table;
    }

    private static Map<Service, Set<Destination>> asSets(Map<Service, List<Destination>> table) {
        Map<Service, Set<Destination>> sets = new HashMap<>();
        table.forEach((service, destinations) -> sets.put(service, new HashSet<>(destinations)));
        return sets;
    }

    @Test
    void whatWeProgramIsExactlyWhatIpvsadmListsAndSaves() throws Exception {
        Map<Service, List<Destination>> table = sweep();
        for (Map.Entry<Service, List<Destination>> entry : table.entrySet()) {
            ipvs.addService(entry.getKey());
            for (Destination destination : entry.getValue()) {
                ipvs.addDestination(entry.getKey().key(), destination);
            }
        }

        assertThat(new TreeSet<>(Ipvsadm.run("-Sn").lines().toList()))
                .isEqualTo(new TreeSet<>(Ipvsadm.saveLines(table, false)));
        assertThat(Ipvsadm.parseList(Ipvsadm.run("-Ln"))).isEqualTo(Ipvsadm.expectedList(table));

        // thresholds only show in the --thresholds listing: "-> 10.0.2.1:8080 100 10 0 0"
        assertThat(Ipvsadm.parseList(Ipvsadm.run("-Ln", "--thresholds")).get("TCP 10.6.2.1:80 wlc"))
                .contains("-> 10.0.2.1:8080 100 10 0 0", "-> 10.0.2.2:80 0 0 0 0");
        // and our own dump reads back what we wrote
        assertThat(dumpTable()).isEqualTo(asSets(table));
    }

    @Test
    void whatIpvsadmRestoresIsExactlyWhatWeDump() throws Exception {
        Map<Service, List<Destination>> table = sweep();
        String rules = String.join("\n", Ipvsadm.saveLines(table, true)) + "\n";
        java.nio.file.Path file = java.nio.file.Files.createTempFile("rules", ".ipvs");
        java.nio.file.Files.writeString(file, rules);
        Sh.ok("sh", "-c", "ipvsadm -R < " + file);
        java.nio.file.Files.delete(file);

        assertThat(dumpTable()).isEqualTo(asSets(table));
        // the services a reconcile reads (configurations only) are the same, in order
        assertThat(ipvs.serviceConfigs()).isEqualTo(ipvs.services().stream().map(ServiceStatus::service).toList());
        for (ServiceStatus status : ipvs.services()) {
            assertThat(ipvs.service(status.key())).contains(status);
            // the dump a reconcile reads (configurations only) gives the same real servers, in order
            assertThat(ipvs.destinationConfigs(status.key())).isEqualTo(
                    ipvs.destinations(status.key()).stream().map(DestinationStatus::destination).toList());
        }
    }

    @Test
    void editInPlaceChangesOnlyWhatItSays() throws Exception {
        ServiceKey key = tcp("10.6.3.1", 80);
        Service service = Service.builder(key).scheduler("rr").build();
        ipvs.addService(service);
        Destination rs = Destination.builder(ip("10.0.3.1"), 80).forwarding(Forwarding.MASQ).weight(1).build();
        ipvs.addDestination(key, rs);

        Service edited = service.toBuilder().scheduler("sh").persistent(600).persistenceNetmask(16)
                .flag(ServiceFlag.SCHED_FALLBACK).build();
        ipvs.editService(edited);
        ipvs.editDestination(key, rs.toBuilder().weight(0).thresholds(50, 5).build());

        assertThat(Ipvsadm.run("-Sn").lines().toList()).containsExactly(
                "-A -t 10.6.3.1:80 -s sh -p 600 -M 255.255.0.0 -b sh-fallback",
                "-a -t 10.6.3.1:80 -r 10.0.3.1:80 -m -w 0");
        assertThat(ipvs.destinations(key)).extracting(DestinationStatus::destination)
                .containsExactly(rs.toBuilder().weight(0).thresholds(50, 5).build());

        // mask semantics: set one flag, clear another, leave PERSISTENT alone
        ipvs.changeFlags(key, Set.of(ServiceFlag.SCHED_PORT), Set.of(ServiceFlag.SCHED_FALLBACK));
        assertThat(ipvs.service(key).orElseThrow().service().flags())
                .containsExactlyInAnyOrder(ServiceFlag.PERSISTENT, ServiceFlag.SCHED_PORT);
        assertThat(Ipvsadm.run("-Sn").lines().findFirst().orElseThrow())
                .isEqualTo("-A -t 10.6.3.1:80 -s sh -p 600 -M 255.255.0.0 -b sh-port");

        ipvs.deleteDestination(key, ip("10.0.3.1"), 80);
        assertThat(Ipvsadm.run("-Sn").lines().toList()).containsExactly(
                "-A -t 10.6.3.1:80 -s sh -p 600 -M 255.255.0.0 -b sh-port");
        ipvs.deleteService(key);
        assertThat(Ipvsadm.run("-Sn")).isEmpty();
    }

    @Test
    void errorsNameTheOperationAndTheObject() throws Exception {
        ServiceKey key = tcp("10.6.1.214", 80);
        assertThatThrownBy(() -> ipvs.deleteService(key))
                .isInstanceOf(IpvsException.class)
                .hasMessage("virtual service TCP 10.6.1.214:80 does not exist")
                .matches(e -> ((IpvsException) e).isNotFound());
        assertThatThrownBy(() -> ipvs.editService(Service.builder(key).build()))
                .hasMessage("virtual service TCP 10.6.1.214:80 does not exist");
        assertThatThrownBy(() -> ipvs.addDestination(key, Destination.builder(ip("10.0.0.1"), 80).build()))
                .hasMessage("virtual service TCP 10.6.1.214:80 does not exist");
        assertThat(ipvs.service(key)).isEmpty();

        ipvs.addService(Service.builder(key).build());
        assertThatThrownBy(() -> ipvs.addService(Service.builder(key).build()))
                .hasMessage("virtual service TCP 10.6.1.214:80 already exists")
                .matches(e -> ((IpvsException) e).isAlreadyExists());

        ipvs.addDestination(key, Destination.builder(ip("10.0.0.1"), 80).build());
        assertThatThrownBy(() -> ipvs.addDestination(key, Destination.builder(ip("10.0.0.1"), 80).build()))
                .hasMessage("real server 10.0.0.1:80 of virtual service TCP 10.6.1.214:80 already exists");
        assertThatThrownBy(() -> ipvs.deleteDestination(key, ip("10.0.0.9"), 80))
                .hasMessage("real server 10.0.0.9:80 of virtual service TCP 10.6.1.214:80 does not exist")
                .matches(e -> ((IpvsException) e).isNotFound());
        assertThatThrownBy(() -> ipvs.editDestination(key, Destination.builder(ip("10.0.0.9"), 80).build()))
                .hasMessage("real server 10.0.0.9:80 of virtual service TCP 10.6.1.214:80 does not exist");
        assertThatThrownBy(() -> ipvs.addService(Service.builder(tcp("10.6.1.215", 80)).scheduler("nosuch").build()))
                .hasMessage("cannot add virtual service TCP 10.6.1.215:80: scheduler nosuch is not available in this "
                        + "kernel (module ip_vs_nosuch)")
                .matches(e -> ((IpvsException) e).reason() == IpvsException.Reason.UNAVAILABLE);
        // ipvsadm agrees on what is there
        assertThat(Ipvsadm.run("-Sn").lines().toList()).containsExactly(
                "-A -t 10.6.1.214:80 -s wlc", "-a -t 10.6.1.214:80 -r 10.0.0.1:80 -g -w 1");
    }

    @Test
    void aBatchAppliesEverythingAndAttributesEachFailure() throws Exception {
        ServiceKey a = tcp("10.6.4.1", 80);
        ServiceKey missing = tcp("10.6.4.9", 80);
        BatchResult result = ipvs.batch()
                .addService(Service.builder(a).scheduler("rr").build())
                .addDestination(a, Destination.builder(ip("10.0.4.1"), 80).build())
                .addDestination(missing, Destination.builder(ip("10.0.4.2"), 80).build())
                .addDestination(a, Destination.builder(ip("10.0.4.1"), 80).build())
                .addDestination(a, Destination.builder(ip("10.0.4.3"), 80).weight(7).build())
                .execute();
        assertThat(result.failures()).extracting(BatchResult.Failure::index).containsExactly(2, 3);
        assertThat(result.failures().get(0).error()).hasMessage("virtual service TCP 10.6.4.9:80 does not exist");
        assertThat(result.failures().get(1).error())
                .hasMessage("real server 10.0.4.1:80 of virtual service TCP 10.6.4.1:80 already exists");
        assertThat(new TreeSet<>(Ipvsadm.run("-Sn").lines().toList())).containsExactly(
                "-A -t 10.6.4.1:80 -s rr",
                "-a -t 10.6.4.1:80 -r 10.0.4.1:80 -g -w 1",
                "-a -t 10.6.4.1:80 -r 10.0.4.3:80 -g -w 7");
    }

    @Test
    void aLargeBatchSpansSeveralDatagrams() throws Exception {
        var batch = ipvs.batch();
        List<String> expected = new ArrayList<>();
        for (int s = 1; s <= 20; s++) {
            ServiceKey key = tcp("10.7.0." + s, 80);
            batch.addService(Service.builder(key).scheduler("wrr").build());
            expected.add("-A -t 10.7.0." + s + ":80 -s wrr");
            for (int d = 1; d <= 100; d++) {
                batch.addDestination(key, Destination.builder(ip("10.0." + (100 + s) + "." + d), 80).weight(d).build());
                expected.add("-a -t 10.7.0." + s + ":80 -r 10.0." + (100 + s) + "." + d + ":80 -g -w " + d);
            }
        }
        assertThat(batch.size()).isEqualTo(2020);
        batch.execute().orThrow();
        assertThat(new TreeSet<>(Ipvsadm.run("-Sn").lines().toList())).isEqualTo(new TreeSet<>(expected));
    }

    @Test
    void aFailureInTheMiddleOfABatchOfManyDatagramsNamesItsOwnRequest() throws Exception {
        ServiceKey key = tcp("10.7.1.1", 80);
        ServiceKey missing = tcp("10.7.9.9", 80);
        var batch = ipvs.batch().addService(Service.builder(key).scheduler("wlc").build());
        for (int d = 0; d < 6000; d++) {
            if (d == 3000) {
                batch.addDestination(missing, Destination.builder(ip("10.0.99.99"), 80).build());
            }
            batch.addDestination(key, Destination.builder(ip("10.0." + (100 + d / 250) + "." + (1 + d % 250)), 80).build());
        }
        assertThat(batch.size()).isEqualTo(6002);
        BatchResult result = batch.execute();
        assertThat(result.failures()).hasSize(1);
        BatchResult.Failure failure = result.failures().get(0);
        assertThat(failure.index()).isEqualTo(3001);
        assertThat(failure.description()).isEqualTo("add real server 10.0.99.99:80 to TCP 10.7.9.9:80");
        assertThat(failure.error()).hasMessage("virtual service TCP 10.7.9.9:80 does not exist")
                .matches(e -> e.isNotFound());
        // everything before and after it was applied
        List<String> lines = Ipvsadm.run("-Sn").lines().toList();
        assertThat(lines).hasSize(6001).contains("-a -t 10.7.1.1:80 -r 10.0.100.1:80 -g -w 1",
                "-a -t 10.7.1.1:80 -r 10.0.123.250:80 -g -w 1").noneMatch(line -> line.contains("10.0.99.99"));
    }

    @Test
    void timeoutsReadAndWrittenAsIpvsadmSeesThem() throws Exception {
        Timeouts before = ipvs.timeouts();
        assertThat(Ipvsadm.run("-L", "--timeout").trim()).isEqualTo("Timeout (tcp tcpfin udp): "
                + before.tcp().toSeconds() + " " + before.tcpFin().toSeconds() + " " + before.udp().toSeconds());
        try {
            ipvs.setTimeouts(Timeouts.ofSeconds(1000, 0, 333));
            assertThat(Ipvsadm.run("-L", "--timeout").trim()).isEqualTo("Timeout (tcp tcpfin udp): 1000 "
                    + before.tcpFin().toSeconds() + " 333");
            Ipvsadm.run("--set", "777", "88", "99");
            assertThat(ipvs.timeouts()).isEqualTo(Timeouts.ofSeconds(777, 88, 99));
        } finally {
            ipvs.setTimeouts(before);
        }
    }

    @Test
    void syncDaemonsStartStopAndListAsIpvsadmSeesThem() throws Exception {
        assertThat(ipvs.syncDaemons()).isEmpty();
        ipvs.startSyncDaemon(SyncDaemon.of(SyncState.MASTER, "pjrs0", 5));
        try {
            assertThat(Ipvsadm.run("-L", "--daemon")).startsWith("master sync daemon (mcast=pjrs0, syncid=5,");
            assertThatThrownBy(() -> ipvs.startSyncDaemon(SyncDaemon.of(SyncState.MASTER, "pjrs0", 5)))
                    .hasMessageStartingWith("master sync daemon is already running")
                    .matches(e -> ((IpvsException) e).isAlreadyExists());

            Ipvsadm.run("--start-daemon", "backup", "--mcast-interface", "pjrs0", "--syncid", "7");
            List<SyncDaemon> daemons = ipvs.syncDaemons();
            assertThat(daemons).extracting(SyncDaemon::state, SyncDaemon::interfaceName, SyncDaemon::syncId)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(SyncState.MASTER, "pjrs0", 5),
                            org.assertj.core.groups.Tuple.tuple(SyncState.BACKUP, "pjrs0", 7));
            // every field, against ipvsadm's full line
            for (SyncDaemon d : daemons) {
                assertThat(Ipvsadm.run("-L", "--daemon")).contains(d.state().name().toLowerCase()
                        + " sync daemon (mcast=pjrs0, syncid=" + d.syncId() + ", maxlen=" + d.maxLength() + ", group="
                        + d.group().getHostAddress() + ", port=" + d.port() + ", ttl=" + d.ttl() + ")");
            }
            ipvs.stopSyncDaemon(SyncState.BACKUP);
            assertThat(Ipvsadm.run("-L", "--daemon")).doesNotContain("backup");
        } finally {
            ipvs.stopSyncDaemon(SyncState.MASTER);
        }
        assertThat(Ipvsadm.run("-L", "--daemon")).isEmpty();
        assertThatThrownBy(() -> ipvs.stopSyncDaemon(SyncState.MASTER))
                .hasMessageStartingWith("master sync daemon is not running");
    }

    @Test
    void versionAndTableSizeMatchIpvsadmsHeader() throws Exception {
        var info = ipvs.info();
        assertThat(Ipvsadm.run("-Ln").lines().findFirst().orElseThrow())
                .isEqualTo("IP Virtual Server version " + info.version() + " (size=" + info.connectionTableSize() + ")");
    }

    @Test
    void flushEmptiesTheTable() throws Exception {
        Map<Service, List<Destination>> table = sweep();
        var batch = ipvs.batch();
        table.forEach((s, ds) -> {
            batch.addService(s);
            ds.forEach(d -> batch.addDestination(s.key(), d));
        });
        batch.execute().orThrow();
        assertThat(Ipvsadm.parseList(Ipvsadm.run("-Ln"))).hasSize(table.size());
        ipvs.flush();
        assertThat(Ipvsadm.run("-Sn")).isEmpty();
        assertThat(ipvs.services()).isEmpty();
    }

    static Duration seconds(int n) {
        return Duration.ofSeconds(n);
    }
}
