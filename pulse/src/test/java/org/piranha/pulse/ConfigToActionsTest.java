package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.piranha.lvscf.FloatingAddress;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.lvscf.Netmask;

/** From lvs.cf to what pulse does: which role, which sockets, which addresses. */
class ConfigToActionsTest {

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static LvsConfig parse(String text) {
        return LvsConfigLoader.standard().load("lvs.cf", text).config()
                .orElseThrow(() -> new AssertionError(LvsConfigLoader.standard().load("lvs.cf", text).diagnostics()));
    }

    static final String NAT_PAIR = """
            primary = 10.0.0.11
            primary_private = 192.168.100.11
            backup_active = 1
            backup = 10.0.0.12
            backup_private = 192.168.100.12
            heartbeat_port = 1539
            keepalive = 0.5
            deadtime = 1.5
            network = nat
            nat_router = 192.168.10.254 eth1:1
            nat_nmask = 255.255.255.0
            virtual www {
                active = 1
                address = 10.0.0.100 eth0:1
                vip_nmask = 255.255.255.0
                port = 80
                server web1 {
                    address = 192.168.10.1
                    active = 1
                }
            }
            virtual www443 {
                active = 1
                address = 10.0.0.100 eth0:2
                port = 443
            }
            virtual other {
                active = 1
                address = 10.0.0.101 eth0
                port = 80
            }
            virtual off {
                active = 0
                address = 10.0.0.102 eth0:3
                port = 80
            }
            """;

    @Test
    void floatingAddressesFromAConfig_natRouterFirstThenEachDistinctActiveVip() {
        List<ManagedAddress> addresses = ManagedAddress.of(parse(NAT_PAIR));
        assertThat(addresses).containsExactly(
                new ManagedAddress(ip("192.168.10.254"), "eth1", "eth1:1", 24, ip("192.168.10.255")),
                new ManagedAddress(ip("10.0.0.100"), "eth0", "eth0:1", 24, ip("10.0.0.255")),
                new ManagedAddress(ip("10.0.0.101"), "eth0", null, 32, null));
        assertThat(addresses.get(1)).hasToString("10.0.0.100/24 (label eth0:1) on eth0");
    }

    @Test
    void netmasksAndBroadcasts() {
        assertThat(ManagedAddress.of(new FloatingAddress(ip("10.6.1.214"), "eth0:1", Optional.of(Netmask.parse("255.255.255.255")))))
                .isEqualTo(new ManagedAddress(ip("10.6.1.214"), "eth0", "eth0:1", 32, null));
        assertThat(ManagedAddress.of(new FloatingAddress(ip("10.6.1.214"), "eth0:1", Optional.of(Netmask.parse("255.255.240.0")))))
                .isEqualTo(new ManagedAddress(ip("10.6.1.214"), "eth0", "eth0:1", 20, ip("10.6.15.255")));
        assertThat(ManagedAddress.of(new FloatingAddress(ip("10.6.1.214"), "eth0:1", Optional.of(Netmask.parse("0.0.0.0")))))
                .as("0.0.0.0 is Piranha's 'no netmask'")
                .isEqualTo(new ManagedAddress(ip("10.6.1.214"), "eth0", "eth0:1", 32, null));
        assertThat(ManagedAddress.of(new FloatingAddress(ip("2001:db8::10"), "eth0:1", Optional.empty())))
                .isEqualTo(new ManagedAddress(ip("2001:db8::10"), "eth0", null, 128, null));
    }

    @Test
    void aLabelTooLongForTheKernelIsRefusedWithAHint() {
        assertThatThrownBy(() -> ManagedAddress.of(new FloatingAddress(ip("10.0.0.1"), "enp0s31f6np0:100", Optional.empty())))
                .hasMessageContaining("enp0s31f6np0:100").hasMessageContaining("15 characters");
    }

    @Test
    void theMasterSendsFromItsOwnAddressesToTheBackups() {
        HeartbeatPaths paths = HeartbeatPaths.of(parse(NAT_PAIR).globals(), Role.MASTER);
        assertThat(paths.paths()).containsExactly(
                new HeartbeatPaths.Path("public", new InetSocketAddress(ip("10.0.0.11"), 1539),
                        Optional.of(new InetSocketAddress(ip("10.0.0.12"), 1539))),
                new HeartbeatPaths.Path("private", new InetSocketAddress(ip("192.168.100.11"), 1539),
                        Optional.of(new InetSocketAddress(ip("192.168.100.12"), 1539))));
        HeartbeatPaths.Path publicPath = paths.paths().get(0);
        HeartbeatPaths.Path privatePath = paths.paths().get(1);
        assertThat(publicPath.accepts(ip("10.0.0.12"))).isTrue();
        assertThat(privatePath.accepts(ip("192.168.100.12"))).isTrue();
        assertThat(publicPath.accepts(ip("192.168.100.12"))).as("the private address on the public path").isFalse();
        assertThat(publicPath.accepts(ip("10.0.0.11"))).isFalse();
        assertThat(publicPath.accepts(ip("10.0.0.13"))).isFalse();
    }

    @Test
    void theBackupTheOtherWayRound() {
        HeartbeatPaths paths = HeartbeatPaths.of(parse(NAT_PAIR).globals(), Role.BACKUP);
        assertThat(paths.paths()).extracting(p -> p.local().getAddress(), p -> p.partner().get().getAddress())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ip("10.0.0.12"), ip("10.0.0.11")),
                        org.assertj.core.groups.Tuple.tuple(ip("192.168.100.12"), ip("192.168.100.11")));
        assertThat(paths.paths().get(1).accepts(ip("192.168.100.11"))).isTrue();
    }

    @Test
    void withoutPrivateAddressesOnePathAndTheDefaultPort() {
        GlobalSettings g = GlobalSettings.builder().primary(ip("10.0.0.11")).backupActive(true).backup(ip("10.0.0.12")).build();
        HeartbeatPaths paths = HeartbeatPaths.of(g, Role.BACKUP);
        assertThat(paths.paths()).containsExactly(new HeartbeatPaths.Path("public",
                new InetSocketAddress(ip("10.0.0.12"), 539), Optional.of(new InetSocketAddress(ip("10.0.0.11"), 539))));
    }

    @Test
    void withoutBackupTheMasterBindsButSendsToNobody() {
        GlobalSettings g = GlobalSettings.builder().primary(ip("10.0.0.11")).backup(ip("10.0.0.12")).build();
        HeartbeatPaths paths = HeartbeatPaths.of(g, Role.MASTER);
        assertThat(paths.paths()).singleElement().satisfies(p -> assertThat(p.partner()).isEmpty());
        assertThat(paths.paths().get(0).accepts(ip("10.0.0.12"))).isFalse();
    }

    @Test
    void roleByWhichAddressIsLocal() {
        GlobalSettings g = parse(NAT_PAIR).globals();
        assertThat(RoleDetection.detect(g, Set.of(ip("127.0.0.1"), ip("10.0.0.11")), "lvs.cf")).isEqualTo(Role.MASTER);
        assertThat(RoleDetection.detect(g, Set.of(ip("10.0.0.12")), "lvs.cf")).isEqualTo(Role.BACKUP);
        assertThatThrownBy(() -> RoleDetection.detect(g, Set.of(ip("10.0.0.13")), "/etc/sysconfig/ha/lvs.cf"))
                .hasMessage("neither primary 10.0.0.11 nor backup 10.0.0.12 of /etc/sysconfig/ha/lvs.cf is an address"
                        + " of this host: add it to an interface, or fix primary/backup in /etc/sysconfig/ha/lvs.cf");
    }
}
