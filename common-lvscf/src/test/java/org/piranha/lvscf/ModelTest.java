package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.piranha.lvscf.Cf.ip;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The derived accessors the daemons act on, and the model's immutability. */
class ModelTest {

    @Test
    void withoutPrimaryPrivateThePrivatePathIsThePublicOne() {
        GlobalSettings g = Cf.globals("backup_active = 1\nbackup = 10.0.0.2\nbackup_private = 192.168.0.2");
        assertThat(g.effectivePrimaryPrivate()).isEqualTo(ip("10.0.0.1"));
        assertThat(g.effectiveBackupPrivate()).as("Piranha ignores backup_private then").contains(ip("10.0.0.2"));
        assertThat(g.hasPrivateHeartbeat()).isFalse();
        assertThat(g.primaryPrivate()).as("the raw fact survives").isEmpty();
        GlobalSettings same = Cf.globals("primary_private = 10.0.0.1");
        assertThat(same.primaryPrivate()).contains(ip("10.0.0.1"));
        assertThat(same.hasPrivateHeartbeat()).as("same address: no second socket").isFalse();
    }

    @Test
    void aBackupNeedsBackupActiveAndANonZeroAddress() {
        assertThat(Cf.globals("backup_active = 1\nbackup = 10.0.0.2").hasBackup()).isTrue();
        assertThat(Cf.globals("backup_active = 0\nbackup = 10.0.0.2").hasBackup()).isFalse();
        assertThat(Cf.globals("backup_active = 1\nbackup = 0.0.0.0").hasBackup()).isFalse();
        assertThat(Cf.globals("backup_active = 1").hasBackup()).isFalse();
    }

    @Test
    void nannyMethodLetters() {
        assertThat(ForwardingMethod.NAT.nannyLetter()).isEqualTo('m');
        assertThat(ForwardingMethod.DIRECT.nannyLetter()).isEqualTo('g');
        assertThat(ForwardingMethod.TUNNEL.nannyLetter()).isEqualTo('i');
    }

    @Test
    void identityIsTheFwmarkOrProtocolVipAndPort() {
        assertThat(Cf.service("address = 10.0.0.100 eth0:1\nprotocol = udp\nport = 53").identity())
                .isEqualTo(new ServiceIdentity.Address(Protocol.UDP, ip("10.0.0.100"), 53));
        assertThat(Cf.service("address = 10.0.0.100 eth0:1\nfwmark = 9\nport = 53").identity())
                .isEqualTo(new ServiceIdentity.Fwmark(9, false));
        assertThat(Cf.service("address = 2001:db8::1 eth0\nfwmark = 9").identity())
                .isEqualTo(new ServiceIdentity.Fwmark(9, true));
        assertThat(new ServiceIdentity.Address(Protocol.TCP, ip("2001:db8::1"), 443)).hasToString("TCP [2001:db8::1]:443");
        assertThatThrownBy(() -> Cf.service("").identity()).isInstanceOf(IllegalStateException.class)
                .hasMessage("virtual service v has no address");
    }

    @Test
    void piranhasUnsetMasks() {
        assertThat(Cf.service("pmask = 255.255.255.255").effectivePmask()).isEmpty();
        assertThat(Cf.service("pmask = 255.255.255.0").effectivePmask()).contains(Netmask.ofPrefixLength(24));
        assertThat(Cf.service("vip_nmask = 0.0.0.0").effectiveVipNetmask()).isEmpty();
        assertThat(Cf.service("vip_nmask = 0.0.0.0").vipNmask()).contains(new Netmask(0));
    }

    @Test
    void nannyGetsSendExpectAndProgramWithoutOneLevelOfDoubleQuotes() {
        VirtualService v = Cf.service("send = \"a\"\nexpect = HTTP\nsend_program = '/bin/x %h'");
        assertThat(v.sendText()).contains("a");
        assertThat(v.expectText()).contains("HTTP");
        assertThat(v.sendProgramText()).contains("'/bin/x %h'");
        assertThat(Lexical.stripDoubleQuotes("\"")).isEmpty();
        assertThat(Lexical.stripDoubleQuotes("\"\"")).isEmpty();
    }

    @Test
    void loadCommandIsRshCommandForUptime() {
        GlobalSettings ssh = Cf.globals("rsh_command = ssh");
        assertThat(Cf.service("load_monitor = uptime").loadCommand(ssh)).contains("ssh");
        assertThat(Cf.service("load_monitor = rup").loadCommand(ssh)).contains("rup");
        assertThat(Cf.service("").loadCommand(ssh)).isEmpty();
    }

    @Test
    void activeVipsAreDistinctWithTheFirstActiveServicesDevice() {
        LvsConfig config = Cf.config("""
                primary = 10.0.0.1
                network = nat
                virtual off {
                    address = 10.0.0.100 eth0:9
                }
                virtual http {
                    active = 1
                    address = 10.0.0.100 eth0:1
                    vip_nmask = 255.255.255.0
                }
                virtual https {
                    active = 1
                    port = 443
                    address = 10.0.0.100 eth0:2
                }
                virtual other {
                    active = 1
                    address = 10.0.0.101 eth0:3
                }
                """);
        assertThat(config.activeVips()).containsExactly(
                new FloatingAddress(ip("10.0.0.100"), "eth0:1", Optional.of(Netmask.ofPrefixLength(24))),
                new FloatingAddress(ip("10.0.0.101"), "eth0:3", Optional.empty()));
        assertThat(config.natRouter()).isEmpty();
        assertThat(config.floatingAddresses()).isEqualTo(config.activeVips());
        assertThat(config.activeVips().get(0).baseDevice()).isEqualTo("eth0");
    }

    @Test
    void theNatRouterFloatsOnlyInNatMode() {
        String nat = "nat_router = 10.0.2.254 eth1:1\nnat_nmask = 255.255.255.0\n";
        LvsConfig natConfig = Cf.config("primary = 10.0.0.1\nnetwork = nat\n" + nat);
        assertThat(natConfig.natRouter()).contains(
                new FloatingAddress(ip("10.0.2.254"), "eth1:1", Optional.of(Netmask.ofPrefixLength(24))));
        assertThat(Cf.config("primary = 10.0.0.1\nnetwork = direct\n" + nat).natRouter()).isEmpty();
    }

    @Test
    void netmasks() {
        assertThat(Netmask.parse("255.255.255.0").prefixLength()).isEqualTo(24);
        assertThat(Netmask.parse("0.0.0.0").prefixLength()).isZero();
        assertThat(Netmask.parse("255.255.255.255").isContiguous()).isTrue();
        assertThat(Netmask.parse("255.0.255.0").isContiguous()).isFalse();
        assertThat(Netmask.ofPrefixLength(20)).hasToString("255.255.240.0");
        assertThatThrownBy(() -> Netmask.parse("255.0.255.0").prefixLength()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Netmask.parse("1.2.3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsAreCopiedAndUnmodifiable() {
        List<RealServer> servers = new ArrayList<>();
        servers.add(RealServer.builder("a").build());
        VirtualService v = VirtualService.builder("v").build().toBuilder().server(servers.get(0)).build();
        servers.clear();
        assertThat(v.servers()).hasSize(1);
        assertThatThrownBy(() -> v.servers().add(RealServer.builder("b").build()))
                .isInstanceOf(UnsupportedOperationException.class);
        List<VirtualService> services = new ArrayList<>(List.of(v));
        LvsConfig config = new LvsConfig(GlobalSettings.defaults(), services);
        services.clear();
        assertThat(config.services()).containsExactly(v);
        assertThatThrownBy(() -> config.services().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toBuilderRebuildsAnEqualValue() {
        LvsConfig config = new RandomConfigs(7).next();
        for (int i = 0; i < 50; i++) {
            LvsConfig c = new RandomConfigs(i).next();
            assertThat(c.globals().toBuilder().build()).isEqualTo(c.globals());
            for (VirtualService s : c.services()) {
                assertThat(s.toBuilder().build()).isEqualTo(s);
                for (RealServer r : s.servers()) {
                    assertThat(r.toBuilder().build()).isEqualTo(r);
                }
            }
        }
        assertThat(config).isEqualTo(new RandomConfigs(7).next());
    }

    @Test
    void aServerBuiltInsideAServiceInheritsThePortSetSoFar() {
        VirtualService v = VirtualService.builder("v").server("a", s -> s).port(8080).server("b", s -> s)
                .server("c", s -> s.port(9000)).build();
        assertThat(v.servers()).extracting(RealServer::port).containsExactly(80, 8080, 9000);
    }

    @Test
    void ipv6IsWrittenInItsShortForm() {
        assertThat(Addresses.format(ip("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.format(ip("::1"))).isEqualTo("::1");
        assertThat(Addresses.format(ip("::"))).isEqualTo("::");
        assertThat(Addresses.format(ip("1::"))).isEqualTo("1::");
        assertThat(Addresses.format(ip("1:0:2:0:3:0:4:0"))).isEqualTo("1:0:2:0:3:0:4:0");
        assertThat(Addresses.format(ip("2001:DB8::A"))).isEqualTo("2001:db8::a");
        assertThat(Addresses.withPort(ip("10.0.0.1"), 80)).isEqualTo("10.0.0.1:80");
        assertThat(Addresses.withPort(ip("2001:db8::1"), 80)).isEqualTo("[2001:db8::1]:80");
    }
}
