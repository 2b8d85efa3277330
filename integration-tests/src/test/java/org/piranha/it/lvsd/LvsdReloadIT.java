package org.piranha.it.lvsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.it.lvsd.NatLab.server;
import static org.piranha.it.lvsd.NatLab.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.HttpConnection;
import org.piranha.it.support.Kernel;

/**
 * SIGHUP applies every change in place. Service "keep" never changes: a client holds one TCP
 * connection through it for the whole test, and after every reload that connection must still
 * answer, IPVS must still count it, and keep's nannies must be the same processes. Service "edit"
 * gets one change per reload, each checked with ipvsadm.
 */
@Tag("ipvs")
class LvsdReloadIT {

    static NatLab lab;

    /** The config of one step: what the test changes between reloads. */
    static final class Config {
        String globals = "";
        String editName = "edit";
        boolean editActive = true;
        String scheduler = "rr";
        String persistence = "";
        String timeout = "1";
        List<String> editServers = new ArrayList<>(List.of(
                server("web1", "192.168.10.1", 80), server("web2", "192.168.10.2", 80)));
        boolean third;

        String text() {
            String edit = service(editName, 81, "    scheduler = " + scheduler + "\n" + persistence
                    + String.join("", editServers)).replace("timeout = 1", "timeout = " + timeout)
                    .replace("active = 1\n    address", "active = " + (editActive ? 1 : 0) + "\n    address");
            return NatLab.globals(globals)
                    + service("keep", 80, "    scheduler = rr\n" + server("web1", "192.168.10.1", 80)
                            + server("web2", "192.168.10.2", 80))
                    + edit
                    + (third ? service("third", 82, "    scheduler = rr\n" + server("web3", "192.168.10.3", 80)) : "");
        }
    }

    @BeforeAll
    static void lab() {
        Kernel.requireIpvs();
        lab = new NatLab();
        lab.server("web1").serve(80);
        lab.server("web2").serve(80);
        lab.server("web3").serve(80);
    }

    @AfterAll
    static void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void everyChangeIsAppliedInPlaceAndAnUnchangedServiceIsNotTouched() {
        Config config = new Config();
        try (LvsdRun lvsd = LvsdRun.start(lab.director, config.text())) {
            lvsd.awaitTable("TCP 10.6.1.214:80 rr", "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1",
                    "TCP 10.6.1.214:81 rr", "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1");
            HttpConnection held = HttpConnection.open(lab.client, NatLab.VIP, 80);
            String keeper = held.get();
            String keeperReal = (keeper.equals("web1") ? "192.168.10.1" : "192.168.10.2") + ":80";
            Map<String, Long> keepNannies = Map.of("keep/web1", lvsd.nannyPid("keep/web1"),
                    "keep/web2", lvsd.nannyPid("keep/web2"));
            Runnable keepIsUntouched = () -> {
                assertThat(held.get()).as("the held connection still answers").isEqualTo(keeper);
                assertThat(Ipvsadm.activeConnections(lab.director, "TCP 10.6.1.214:80", keeperReal))
                        .as("IPVS still counts the held connection to %s:\n%s\n%s", keeperReal,
                                lab.director.ok("ipvsadm", "-Ln"), lab.director.ok("ipvsadm", "-Lnc")).isEqualTo(1);
                assertThat(Map.of("keep/web1", lvsd.nannyPid("keep/web1"), "keep/web2", lvsd.nannyPid("keep/web2")))
                        .as("keep's nannies were not restarted").isEqualTo(keepNannies);
            };

            // scheduler, persistence and pmask: edited in place, no nanny restarted
            long editWeb1 = lvsd.nannyPid("edit/web1");
            config.scheduler = "wlc";
            config.persistence = "    persistent = 300\n    pmask = 255.255.255.0\n";
            lvsd.reload(config.text());
            lvsd.awaitTable("TCP 10.6.1.214:80 rr", "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1",
                    "TCP 10.6.1.214:81 wlc persistent 300 mask 255.255.255.0",
                    "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1");
            assertThat(lvsd.nannyPid("edit/web1")).isEqualTo(editWeb1);
            keepIsUntouched.run();

            // a check setting: edit's nannies restart, keep's do not
            config.timeout = "1.5";
            int mark = lvsd.reload(config.text());
            lvsd.awaitLineAfter(mark, "restarting nanny for child edit/web1: its settings changed");
            lvsd.awaitLineAfter(mark, "restarting nanny for child edit/web2: its settings changed");
            assertThat(lvsd.nannyPid("edit/web1")).isNotEqualTo(editWeb1);
            assertThat(lvsd.daemon.lines().subList(mark, lvsd.mark())).noneMatch(l -> l.contains("child keep/"));
            keepIsUntouched.run();

            // a weight: only that server's nanny restarts, and its new weight reaches IPVS
            long editWeb1Now = lvsd.nannyPid("edit/web1");
            config.editServers.set(1, server("web2", "192.168.10.2", 80, "weight = 0"));
            mark = lvsd.reload(config.text());
            lvsd.awaitLineAfter(mark, "restarting nanny for child edit/web2: its settings changed");
            lvsd.awaitTable("TCP 10.6.1.214:80 rr", "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1",
                    "TCP 10.6.1.214:81 wlc persistent 300 mask 255.255.255.0",
                    "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 0");
            assertThat(lvsd.nannyPid("edit/web1")).isEqualTo(editWeb1Now);
            keepIsUntouched.run();

            // the connection timeouts
            config.globals = "tcp_timeout = 7200\nudp_timeout = 60";
            lvsd.reload(config.text());
            org.awaitility.Awaitility.await().atMost(LvsdRun.WAIT).untilAsserted(() -> assertThat(
                    lab.director.ok("ipvsadm", "-L", "--timeout")).contains("(tcp tcpfin udp): 7200 120 60"));
            keepIsUntouched.run();

            // a server added, then one removed while a connection holds it: drained, then deleted
            config.editServers.set(1, server("web2", "192.168.10.2", 80));
            config.editServers.add(server("web3", "192.168.10.3", 80));
            lvsd.reload(config.text());
            lvsd.awaitTable("TCP 10.6.1.214:80 rr", "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1",
                    "TCP 10.6.1.214:81 wlc persistent 300 mask 255.255.255.0",
                    "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1", "-> 192.168.10.3:80 Masq 1");
            try (HttpConnection draining = HttpConnection.open(lab.client, NatLab.VIP, 81)) {
                String name = draining.get();
                String address = "192.168.10." + name.substring(3);
                config.editServers.removeIf(s -> s.contains("server " + name + " "));
                mark = lvsd.reload(config.text());
                lvsd.awaitLineAfter(mark, "draining real server " + address + ":80 of virtual service edit");
                assertThat(lvsd.table()).contains("-> " + address + ":80 Masq 0");
                assertThat(draining.get()).as("a draining server still serves its connections").isEqualTo(name);
            }
            lvsd.awaitLine("its active connections ended");
            assertThat(lvsd.table()).hasSize(3 + 1 + 2);
            keepIsUntouched.run();

            // a service added, then removed
            config.third = true;
            mark = lvsd.reload(config.text());
            lvsd.awaitLineAfter(mark, "starting virtual service third active: 82");
            lvsd.awaitTable("TCP 10.6.1.214:80 rr", "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1",
                    "TCP 10.6.1.214:81 wlc persistent 300 mask 255.255.255.0",
                    "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1",
                    "TCP 10.6.1.214:82 rr", "-> 192.168.10.3:80 Masq 1");
            config.third = false;
            mark = lvsd.reload(config.text());
            lvsd.awaitLineAfter(mark, "shutting down virtual service third");
            org.awaitility.Awaitility.await().atMost(LvsdRun.WAIT)
                    .until(() -> lvsd.table().stream().noneMatch(l -> l.startsWith("TCP 10.6.1.214:82")));
            keepIsUntouched.run();

            // renamed: nothing restarted; then made inactive and active again
            long before = lvsd.nannyPid("edit/web1");
            config.editName = "renamed";
            mark = lvsd.reload(config.text());
            lvsd.awaitLineAfter(mark, "virtual service edit is now called renamed");
            assertThat(lvsd.daemon.lines().subList(mark, lvsd.mark())).noneMatch(l -> l.contains("create_monitor"));
            config.editActive = false;
            mark = lvsd.reload(config.text());
            lvsd.awaitLineAfter(mark, "shutting down virtual service renamed");
            org.awaitility.Awaitility.await().atMost(LvsdRun.WAIT)
                    .until(() -> lvsd.table().stream().noneMatch(l -> l.startsWith("TCP 10.6.1.214:81")));
            config.editActive = true;
            mark = lvsd.reload(config.text());
            lvsd.awaitLineAfter(mark, "starting virtual service renamed active: 81");
            lvsd.awaitLineAfter(mark, "create_monitor for renamed/web1 running as pid");
            assertThat(lvsd.nannyPid("renamed/web1")).isNotEqualTo(before);
            keepIsUntouched.run();

            // a file with errors changes nothing
            org.awaitility.Awaitility.await().atMost(LvsdRun.WAIT)
                    .until(() -> lvsd.table().size() == 3 + 1 + config.editServers.size());
            List<String> table = lvsd.table();
            mark = lvsd.reload(config.text() + "virtual broken {\n    port = eighty\n}\n");
            lvsd.awaitLineAfter(mark, "has errors: keeping the running configuration");
            assertThat(lvsd.daemon.lines().subList(mark, lvsd.mark())).anyMatch(l -> l.matches(".*lvs\\.cf:\\d+: .*"));
            assertThat(lvsd.table()).isEqualTo(table);
            keepIsUntouched.run();

            held.close();
            assertThat(lvsd.stop()).isZero();
            assertThat(lvsd.table()).isEmpty();
        }
    }
}
