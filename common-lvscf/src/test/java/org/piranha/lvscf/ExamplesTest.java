package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.lvscf.Cf.ip;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Piranha reference's realistic example (piranha.md 2.4) and the shipped example read, validate and mean what they say. */
class ExamplesTest {

    @Test
    void theShippedExampleIsTheSeedsSetupAndIsClean() throws IOException {
        LoadResult result = LvsConfigLoader.standard().load(Examples.SHIPPED);
        assertThat(result.diagnostics()).isEmpty();
        LvsConfig config = result.config().orElseThrow();
        GlobalSettings g = config.globals();
        assertThat(g.network()).isEqualTo(ForwardingMethod.DIRECT);
        assertThat(g.network().nannyLetter()).isEqualTo('g');
        assertThat(config.activeServices()).hasSize(1);
        VirtualService www = config.activeServices().get(0);
        assertThat(www.identity()).isEqualTo(new ServiceIdentity.Address(Protocol.TCP, ip("10.6.1.214"), 80));
        assertThat(www.scheduler()).isEqualTo("wlc");
        assertThat(www.persistent()).isEqualTo(600);
        assertThat(www.activeServers()).extracting(RealServer::requireAddress)
                .containsExactly(ip("10.6.1.221"), ip("10.6.1.222"));
        assertThat(www.activeServers()).extracting(RealServer::port).containsExactly(80, 80);
        assertThat(config.activeVips()).containsExactly(
                new FloatingAddress(ip("10.6.1.214"), "eth0:1", Optional.of(Netmask.ofPrefixLength(32))));
    }

    @Test
    void theReferenceExampleReadsAsPiranhaWouldAndIsClean() throws IOException {
        LoadResult result = Cf.load(Examples.reference());
        assertThat(result.diagnostics()).isEmpty();
        LvsConfig config = result.config().orElseThrow();
        GlobalSettings g = config.globals();
        assertThat(g.serialNo()).isEqualTo(42);
        assertThat(g.requirePrimary()).isEqualTo(ip("10.0.0.11"));
        assertThat(g.effectivePrimaryPrivate()).isEqualTo(ip("192.168.100.11"));
        assertThat(g.effectiveBackupPrivate()).contains(ip("192.168.100.12"));
        assertThat(g.hasBackup()).isTrue();
        assertThat(g.hasPrivateHeartbeat()).isTrue();
        assertThat(g.keepalive()).isEqualTo(Duration.ofSeconds(6));
        assertThat(g.deadtime()).isEqualTo(Duration.ofSeconds(18));
        assertThat(g.network()).isEqualTo(ForwardingMethod.NAT);
        assertThat(g.syncdaemon()).isTrue();
        assertThat(g.syncdIface()).isEqualTo("eth1");
        assertThat(g.effectiveSyncdId()).isEqualTo(7);
        assertThat(List.of(g.tcpTimeout(), g.tcpfinTimeout(), g.udpTimeout())).containsExactly(900, 120, 300);
        assertThat(g.activeCmd()).contains("/etc/sysconfig/ha/active.sh");
        assertThat(config.floatingAddresses()).containsExactly(
                new FloatingAddress(ip("192.168.10.254"), "eth1:1", Optional.of(Netmask.ofPrefixLength(24))),
                new FloatingAddress(ip("10.0.0.100"), "eth0:1", Optional.of(Netmask.ofPrefixLength(24))));

        VirtualService www = config.service("www").orElseThrow();
        assertThat(www.effectivePmask()).contains(Netmask.ofPrefixLength(24));
        assertThat(www.sendText()).contains("GET / HTTP/1.0\\r\\n\\r\\n");
        assertThat(www.expectText()).contains("HTTP/1.[01] 200");
        assertThat(www.useRegex()).isTrue();
        assertThat(www.loadCommand(g)).contains("none");
        assertThat(www.timeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(www.reentry()).isEqualTo(15);
        assertThat(www.sorryServer()).contains(ip("192.168.10.99"));
        assertThat(www.activeServers()).extracting(RealServer::name, RealServer::port, RealServer::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web1", 8080, 100),
                        org.assertj.core.groups.Tuple.tuple("web2", 8080, 100));
        assertThat(config.activeServerCount()).isEqualTo(2);
    }
}
