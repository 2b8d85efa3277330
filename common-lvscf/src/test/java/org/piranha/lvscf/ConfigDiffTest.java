package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.lvscf.Cf.ip;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The structural diff lvsd and pulse use on reload. */
class ConfigDiffTest {

    private static final String BASE = """
            primary = 10.0.0.1
            network = direct
            keepalive = 2
            virtual www {
                active = 1
                address = 10.0.0.100 eth0:1
                scheduler = wlc
                send = "GET / HTTP/1.0\\r\\n\\r\\n"
                expect = "HTTP"
                server web1 {
                    address = 10.0.1.1
                    active = 1
                }
                server web2 {
                    address = 10.0.1.2
                    active = 1
                }
            }
            virtual mail {
                active = 1
                address = 10.0.0.101 eth0:2
                port = 25
                server mx1 {
                    address = 10.0.2.1
                    active = 1
                }
            }
            """;

    private static ConfigDiff diff(String after) {
        return ConfigDiff.between(Cf.config(BASE), Cf.config(after));
    }

    @Test
    void equalConfigsHaveAnEmptyDiff() {
        ConfigDiff diff = diff(BASE);
        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.globalChanges()).isEmpty();
        assertThat(diff.changedServices()).isEmpty();
        assertThat(diff).hasToString("");
    }

    @Test
    void reorderingServicesOrServersIsNoChange() {
        LvsConfig base = Cf.config(BASE);
        LvsConfig swapped = new LvsConfig(base.globals(), java.util.List.of(base.services().get(1),
                base.services().get(0).toBuilder().clearServers()
                        .server(base.services().get(0).servers().get(1))
                        .server(base.services().get(0).servers().get(0)).build()));
        assertThat(swapped).isNotEqualTo(base);
        assertThat(ConfigDiff.between(base, swapped).isEmpty()).isTrue();
    }

    @Test
    void globalsChangeFieldByField() {
        ConfigDiff diff = diff(BASE.replace("keepalive = 2", "keepalive = 0.5\nrsh_command = ssh\ntcp_timeout = 900"));
        assertThat(diff.globalChanges()).extracting(FieldChange::key)
                .containsExactly("keepalive", "tcp_timeout", "rsh_command");
        assertThat(diff.globalChanges().get(0).before()).isEqualTo(Duration.ofSeconds(2));
        assertThat(diff.globalChanges().get(0).after()).isEqualTo(Duration.ofMillis(500));
        assertThat(diff.globalChanges().get(0)).hasToString("keepalive: 2 -> 0.5");
        assertThat(diff.changed(GlobalField.TCP_TIMEOUT)).isTrue();
        assertThat(diff.changed(GlobalField.UDP_TIMEOUT)).isFalse();
        assertThat(diff.changedServices()).isEmpty();
        assertThat(diff.isEmpty()).isFalse();
    }

    @Test
    void servicesAddedAndRemovedByName() {
        ConfigDiff diff = diff(BASE.replace("virtual mail {", "virtual smtp {"));
        assertThat(diff.removedServices()).extracting(VirtualService::name).containsExactly("mail");
        assertThat(diff.addedServices()).extracting(VirtualService::name).containsExactly("smtp");
        assertThat(diff.changedServices()).isEmpty();
        assertThat(diff).hasToString("virtual mail removed\nvirtual smtp added\n");
    }

    @Test
    void aChangedServiceReportsItsFieldsAndWhetherItsIdentityChanged() {
        ServiceDiff scheduler = diff(BASE.replace("scheduler = wlc", "scheduler = rr\npersistent = 60"))
                .service("www").orElseThrow();
        assertThat(scheduler.changes()).extracting(Object::toString)
                .containsExactly("persistent: 0 -> 60", "scheduler: wlc -> rr");
        assertThat(scheduler.identityChanged()).as("edit in place").isFalse();
        assertThat(scheduler.nannyChanges()).isEmpty();
        assertThat(scheduler.changed(ServiceField.SCHEDULER)).isTrue();

        ServiceDiff port = diff(BASE.replace("port = 25", "port = 587")).service("mail").orElseThrow();
        assertThat(port.identityChanged()).as("replace").isTrue();
        assertThat(port.before().port()).isEqualTo(25);
        assertThat(port.after().port()).isEqualTo(587);

        ServiceDiff vip = diff(BASE.replace("10.0.0.101 eth0:2", "10.0.0.102 eth0:2")).service("mail").orElseThrow();
        assertThat(vip.identityChanged()).isTrue();
        ServiceDiff device = diff(BASE.replace("10.0.0.101 eth0:2", "10.0.0.101 eth0:7")).service("mail").orElseThrow();
        assertThat(device.identityChanged()).as("only the device moved").isFalse();
        assertThat(device.changes()).extracting(Object::toString)
                .containsExactly("address: 10.0.0.101 eth0:2 -> 10.0.0.101 eth0:7");
        ServiceDiff fwmark = diff(BASE.replace("port = 25", "port = 25\nfwmark = 4")).service("mail").orElseThrow();
        assertThat(fwmark.identityChanged()).isTrue();
        ServiceDiff protocol = diff(BASE.replace("port = 25", "port = 25\nprotocol = udp")).service("mail").orElseThrow();
        assertThat(protocol.identityChanged()).isTrue();
    }

    @Test
    void activatingAndDeactivatingAServiceIsAFieldChange() {
        ServiceDiff diff = diff(BASE.replace("port = 25", "port = 25\nactive = 0")).service("mail").orElseThrow();
        assertThat(diff.changes()).extracting(Object::toString).containsExactly("active: 1 -> 0");
        assertThat(diff.before().active()).isTrue();
        assertThat(diff.after().active()).isFalse();
    }

    @Test
    void serversAddedRemovedAndChangedByNameWithinTheirService() {
        String after = BASE.replace("""
                    server web2 {
                        address = 10.0.1.2
                        active = 1
                    }
                """, """
                    server web3 {
                        address = 10.0.1.3
                        active = 1
                    }
                """).replace("address = 10.0.1.1\n        active = 1", "address = 10.0.1.1\n        active = 1\n        weight = 5");
        ServiceDiff www = diff(after).service("www").orElseThrow();
        assertThat(www.changes()).isEmpty();
        assertThat(www.identityChanged()).isFalse();
        assertThat(www.addedServers()).extracting(RealServer::name).containsExactly("web3");
        assertThat(www.removedServers()).extracting(RealServer::name).containsExactly("web2");
        assertThat(www.changedServers()).extracting(ServerDiff::name).containsExactly("web1");
        ServerDiff web1 = www.server("web1").orElseThrow();
        assertThat(web1.changes()).extracting(Object::toString).containsExactly("weight: 1 -> 5");
        assertThat(web1.changed(ServerField.WEIGHT)).isTrue();
        assertThat(web1.changed(ServerField.ADDRESS)).isFalse();
        assertThat(www).hasToString("virtual www: server web3 added; server web2 removed; server web1 [weight: 1 -> 5];");
    }

    @Test
    void nannyChangesCombineCheckSettingsOfTheServiceAndTheServersOwnKeys() {
        String after = BASE.replace("expect = \"HTTP\"", "expect = \"HTTP/1.1 200\"\ntimeout = 5\nreentry = 60")
                .replace("address = 10.0.1.2\n        active = 1", "address = 10.0.1.2\n        active = 1\n        port = 8080");
        ServiceDiff www = diff(after).service("www").orElseThrow();
        assertThat(www.nannyChanges()).extracting(FieldChange::key).containsExactly("expect", "timeout", "reentry");
        assertThat(www.nannyChanges("web1")).extracting(FieldChange::key).containsExactly("expect", "timeout", "reentry");
        assertThat(www.nannyChanges("web2")).extracting(FieldChange::key)
                .containsExactly("expect", "timeout", "reentry", "port");

        ServiceDiff onlyServer = diff(BASE.replace("address = 10.0.1.2", "address = 10.0.1.22")).service("www").orElseThrow();
        assertThat(onlyServer.nannyChanges("web1")).as("web1's nanny can stay").isEmpty();
        assertThat(onlyServer.nannyChanges("web2")).extracting(Object::toString)
                .containsExactly("address: 10.0.1.2 -> 10.0.1.22");
    }

    @Test
    void everyCheckSettingReachesNanny() {
        String[][] edits = {
                {"send = \"GET / HTTP/1.0\\r\\n\\r\\n\"", "send = \"HEAD / HTTP/1.0\\r\\n\\r\\n\"", "send"},
                {"expect = \"HTTP\"", "expect = \"HTTP\"\nuse_regex = 1", "use_regex"},
                {"expect = \"HTTP\"", "expect = \"HTTP\"\nsend_program = \"/bin/check %h\"", "send_program"},
                {"expect = \"HTTP\"", "expect = \"HTTP\"\nquiesce_server = 1", "quiesce_server"},
                {"expect = \"HTTP\"", "expect = \"HTTP\"\nload_monitor = uptime", "load_monitor"},
                {"expect = \"HTTP\"", "expect = \"HTTP\"\nclient_monitor = /opt/nanny", "client_monitor"},
        };
        for (String[] edit : edits) {
            ServiceDiff www = diff(BASE.replace(edit[0], edit[1])).service("www").orElseThrow();
            assertThat(www.nannyChanges("web1")).as(edit[2]).extracting(FieldChange::key).containsExactly(edit[2]);
        }
        ServiceDiff notNanny = diff(BASE.replace("scheduler = wlc", "scheduler = wlc\npersistent = 5\n"
                + "pmask = 255.255.255.0\nvip_nmask = 255.255.255.0\nsorry_server = 10.0.9.9")).service("www").orElseThrow();
        assertThat(notNanny.changes()).hasSize(4);
        assertThat(notNanny.nannyChanges("web1")).isEmpty();
    }

    @Test
    void globalKeysOnNannysCommandLineReachEveryNanny() {
        ConfigDiff diff = diff(BASE.replace("keepalive = 2", "keepalive = 2\nrsh_command = ssh")
                .replace("expect = \"HTTP\"", "expect = \"OK\""));
        ServiceDiff www = diff.service("www").orElseThrow();
        assertThat(www.nannyChanges("web1")).extracting(FieldChange::key).containsExactly("rsh_command", "expect");
        assertThat(diff.service("mail")).as("a service with no change of its own is not listed").isEmpty();
        assertThat(GlobalField.NETWORK.affectsNanny()).isTrue();
        assertThat(GlobalField.KEEPALIVE.affectsNanny()).isFalse();
    }

    @Test
    void unsetOptionalValuesShowAsUnset() {
        ServiceDiff diff = diff(BASE.replace("expect = \"HTTP\"\n", "")).service("www").orElseThrow();
        assertThat(diff.changes()).extracting(Object::toString).containsExactly("expect: \"HTTP\" -> (unset)");
        assertThat(diff.changes().get(0).after()).isNull();
        assertThat(diff.changes().get(0).before()).isEqualTo("\"HTTP\"");
    }

    @Test
    void theDiffKeepsBothConfigs() {
        LvsConfig before = Cf.config(BASE);
        LvsConfig after = Cf.config(BASE.replace("10.0.1.1", "10.0.1.9"));
        ConfigDiff diff = ConfigDiff.between(before, after);
        assertThat(diff.before()).isSameAs(before);
        assertThat(diff.after()).isSameAs(after);
        assertThat(diff.service("www").orElseThrow().server("web1").orElseThrow().after().address())
                .contains(ip("10.0.1.9"));
    }
}
