package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.lvscf.Cf.ip;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every key of Piranha 0.8.6 (and our extensions) is read into the model, and each has Piranha's default. */
class KeysTest {

    @Test
    void globalDefaultsAreThoseOfPiranhasCode() {
        GlobalSettings g = Cf.globals("");
        assertThat(g.serialNo()).isZero();
        assertThat(g.primary()).contains(ip("10.0.0.1"));
        assertThat(g.primaryPrivate()).isEmpty();
        assertThat(g.backupActive()).isFalse();
        assertThat(g.backup()).isEmpty();
        assertThat(g.backupPrivate()).isEmpty();
        assertThat(g.heartbeat()).isFalse();
        assertThat(g.heartbeatPort()).isEqualTo(539);
        assertThat(g.keepalive()).isEqualTo(Duration.ofSeconds(2));
        assertThat(g.deadtime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(g.network()).isEqualTo(ForwardingMethod.NAT);
        assertThat(g.natRouter()).isEmpty();
        assertThat(g.natNmask()).isEmpty();
        assertThat(g.debugLevel()).isEqualTo("NONE");
        assertThat(g.monitorLinks()).isZero();
        assertThat(g.syncdaemon()).isFalse();
        assertThat(g.syncdIface()).isEqualTo("eth0");
        assertThat(g.syncdId()).isZero();
        assertThat(g.tcpTimeout()).isZero();
        assertThat(g.tcpfinTimeout()).isZero();
        assertThat(g.udpTimeout()).isZero();
        assertThat(g.hardShutdown()).isTrue();
        assertThat(g.hotStandby()).isFalse();
        assertThat(g.activeCmd()).isEmpty();
        assertThat(g.inactiveCmd()).isEmpty();
        assertThat(g.ipvsadm()).isEqualTo("/sbin/ipvsadm");
        assertThat(g.rshCommand()).isEqualTo("rsh");
        assertThat(g.sync()).isFalse();
        assertThat(g).isEqualTo(GlobalSettings.defaults().toBuilder().primary(ip("10.0.0.1")).build());
    }

    @Test
    void everyGlobalKeyIsRead() {
        GlobalSettings g = Cf.config("""
                serial_no = 42
                primary = 10.0.0.11
                primary_private = 192.168.100.11
                service = lvs
                backup_active = 1
                backup = 10.0.0.12
                backup_private = 192.168.100.12
                heartbeat = 1
                heartbeat_port = 1050
                keepalive = 6
                deadtime = 18
                network = tunnel
                nat_router = 192.168.10.254 eth1:1
                nat_nmask = 255.255.255.0
                debug_level = 3
                monitor_links = 1
                syncdaemon = 1
                syncd_iface = eth1
                syncd_id = 7
                tcp_timeout = 900
                tcpfin_timeout = 120
                udp_timeout = 300
                hard_shutdown = 0
                hot_standby = 1
                active_cmd = "/etc/sysconfig/ha/active.sh now"
                inactive_cmd = /etc/sysconfig/ha/inactive.sh
                ipvsadm = /usr/sbin/ipvsadm
                rsh_command = ssh
                sync = 1
                """).globals();
        assertThat(g.serialNo()).isEqualTo(42);
        assertThat(g.primary()).contains(ip("10.0.0.11"));
        assertThat(g.primaryPrivate()).contains(ip("192.168.100.11"));
        assertThat(g.backupActive()).isTrue();
        assertThat(g.backup()).contains(ip("10.0.0.12"));
        assertThat(g.backupPrivate()).contains(ip("192.168.100.12"));
        assertThat(g.heartbeat()).isTrue();
        assertThat(g.heartbeatPort()).isEqualTo(1050);
        assertThat(g.keepalive()).isEqualTo(Duration.ofSeconds(6));
        assertThat(g.deadtime()).isEqualTo(Duration.ofSeconds(18));
        assertThat(g.network()).isEqualTo(ForwardingMethod.TUNNEL);
        assertThat(g.natRouter()).contains(new InterfaceAddress(ip("192.168.10.254"), "eth1:1"));
        assertThat(g.natNmask()).contains(Netmask.ofPrefixLength(24));
        assertThat(g.debugLevel()).isEqualTo("3");
        assertThat(g.monitorLinks()).isEqualTo(1);
        assertThat(g.syncdaemon()).isTrue();
        assertThat(g.syncdIface()).isEqualTo("eth1");
        assertThat(g.syncdId()).isEqualTo(7);
        assertThat(g.tcpTimeout()).isEqualTo(900);
        assertThat(g.tcpfinTimeout()).isEqualTo(120);
        assertThat(g.udpTimeout()).isEqualTo(300);
        assertThat(g.hardShutdown()).isFalse();
        assertThat(g.hotStandby()).isTrue();
        assertThat(g.activeCmd()).contains("/etc/sysconfig/ha/active.sh now");
        assertThat(g.inactiveCmd()).contains("/etc/sysconfig/ha/inactive.sh");
        assertThat(g.ipvsadm()).isEqualTo("/usr/sbin/ipvsadm");
        assertThat(g.rshCommand()).isEqualTo("ssh");
        assertThat(g.sync()).isTrue();
    }

    @Test
    void networkKeywords() {
        assertThat(Cf.globals("network = direct").network()).isEqualTo(ForwardingMethod.DIRECT);
        assertThat(Cf.globals("network = nat").network()).isEqualTo(ForwardingMethod.NAT);
        assertThat(Cf.globals("network = tunnel").network()).isEqualTo(ForwardingMethod.TUNNEL);
    }

    @Test
    void virtualDefaultsAreThoseOfPiranhasCode() {
        VirtualService v = Cf.service("");
        assertThat(v.name()).isEqualTo("v");
        assertThat(v.active()).isFalse();
        assertThat(v.address()).isEmpty();
        assertThat(v.vipNmask()).isEmpty();
        assertThat(v.fwmark()).isZero();
        assertThat(v.protocol()).isEqualTo(Protocol.TCP);
        assertThat(v.port()).isEqualTo(80);
        assertThat(v.scheduler()).isEqualTo("wlc");
        assertThat(v.persistent()).isZero();
        assertThat(v.pmask()).isEmpty();
        assertThat(v.send()).isEmpty();
        assertThat(v.expect()).isEmpty();
        assertThat(v.useRegex()).isFalse();
        assertThat(v.sendProgram()).isEmpty();
        assertThat(v.loadMonitor()).isEmpty();
        assertThat(v.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(v.reentry()).isEqualTo(180);
        assertThat(v.quiesceServer()).isFalse();
        assertThat(v.sorryServer()).isEmpty();
        assertThat(v.clientMonitor()).isEmpty();
        assertThat(v.servers()).isEmpty();
        assertThat(v).isEqualTo(VirtualService.builder("v").build());
    }

    @Test
    void everyVirtualKeyIsRead() {
        VirtualService v = Cf.service("""
                active = 1
                address = 10.0.0.100 eth0:1
                vip_nmask = 255.255.255.0
                fwmark = 5
                protocol = udp
                port = 53
                scheduler = sh
                persistent = 300
                pmask = 255.255.0.0
                send = "GET / HTTP/1.0\\r\\n\\r\\n"
                expect = "HTTP/1.[01] 200"
                use_regex = 1
                send_program = "/usr/local/bin/check %h %p"
                load_monitor = ruptime
                timeout = 6
                reentry = 15
                quiesce_server = 1
                sorry_server = 192.168.10.99
                client_monitor = /opt/nanny
                """);
        assertThat(v.active()).isTrue();
        assertThat(v.address()).contains(new InterfaceAddress(ip("10.0.0.100"), "eth0:1"));
        assertThat(v.vipNmask()).contains(Netmask.parse("255.255.255.0"));
        assertThat(v.fwmark()).isEqualTo(5);
        assertThat(v.protocol()).isEqualTo(Protocol.UDP);
        assertThat(v.port()).isEqualTo(53);
        assertThat(v.scheduler()).isEqualTo("sh");
        assertThat(v.persistent()).isEqualTo(300);
        assertThat(v.pmask()).contains(Netmask.parse("255.255.0.0"));
        assertThat(v.send()).contains("\"GET / HTTP/1.0\\r\\n\\r\\n\"");
        assertThat(v.expect()).contains("\"HTTP/1.[01] 200\"");
        assertThat(v.useRegex()).isTrue();
        assertThat(v.sendProgram()).contains("\"/usr/local/bin/check %h %p\"");
        assertThat(v.loadMonitor()).contains(LoadMonitor.RUPTIME);
        assertThat(v.timeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(v.reentry()).isEqualTo(15);
        assertThat(v.quiesceServer()).isTrue();
        assertThat(v.sorryServer()).contains(ip("192.168.10.99"));
        assertThat(v.clientMonitor()).contains("/opt/nanny");
    }

    @Test
    void loadMonitorAndProtocolKeywords() {
        for (LoadMonitor monitor : LoadMonitor.values()) {
            assertThat(Cf.service("load_monitor = " + monitor.keyword()).loadMonitor()).contains(monitor);
        }
        assertThat(Cf.service("protocol = tcp").protocol()).isEqualTo(Protocol.TCP);
        assertThat(Cf.service("protocol = udp").protocol()).isEqualTo(Protocol.UDP);
    }

    @Test
    void serverDefaultsAndKeys() {
        RealServer defaults = Cf.server("", "");
        assertThat(defaults.name()).isEqualTo("s");
        assertThat(defaults.address()).isEmpty();
        assertThat(defaults.active()).isFalse();
        assertThat(defaults.weight()).isEqualTo(1);
        assertThat(defaults.port()).isEqualTo(80);

        RealServer s = Cf.server("", """
                address = 192.168.10.1
                active = 1
                port = 8080
                weight = 100
                """);
        assertThat(s).isEqualTo(new RealServer("s", Optional.of(ip("192.168.10.1")), true, 100, 8080));
    }

    @Test
    void fosOnlyKeysOfAVirtualBlockAreAcceptedIgnoredAndWarnedAbout() {
        ParseResult result = Cf.parse("""
                primary = 10.0.0.1
                reservation_conflict_action = preempt
                primary_shared = /dev/sda1
                backup_shared = /dev/sda1
                virtual v {
                    start_cmd = "/etc/init.d/httpd start"
                    stop_cmd = "/etc/init.d/httpd stop"
                    master = node1
                    dirs = [ /var/www /etc/httpd ]
                }
                """);
        assertThat(result.hasErrors()).isFalse();
        assertThat(Cf.messages(result.diagnostics())).containsExactly(
                "lvs.cf:2: warning: reservation_conflict_action is used by FOS failover services only; ignored",
                "lvs.cf:3: warning: primary_shared is used by FOS failover services only; ignored",
                "lvs.cf:4: warning: backup_shared is used by FOS failover services only; ignored",
                "lvs.cf:6: warning: start_cmd is used by FOS failover services only; ignored in virtual v",
                "lvs.cf:7: warning: stop_cmd is used by FOS failover services only; ignored in virtual v",
                "lvs.cf:8: warning: master is used by FOS failover services only; ignored in virtual v",
                "lvs.cf:9: warning: dirs is used by FOS failover services only; ignored in virtual v");
        LvsConfig config = result.config().orElseThrow();
        assertThat(config.services().get(0)).as("the same as without them, but for what is kept")
                .isEqualTo(VirtualService.builder("v").fosKeys(config.services().get(0).fosKeys()).build());
        assertThat(config.services().get(0).fosKeys().values()).containsOnly(
                Map.entry(FosKey.START_CMD, "\"/etc/init.d/httpd start\""),
                Map.entry(FosKey.STOP_CMD, "\"/etc/init.d/httpd stop\""),
                Map.entry(FosKey.MASTER, "node1"),
                Map.entry(FosKey.DIRS, "[ /var/www /etc/httpd ]"));
        assertThat(config.fosGlobals().values()).containsOnly(
                Map.entry(FosKey.RESERVATION_CONFLICT_ACTION, "preempt"),
                Map.entry(FosKey.PRIMARY_SHARED, "/dev/sda1"),
                Map.entry(FosKey.BACKUP_SHARED, "/dev/sda1"));
    }

    @Test
    void decimalSecondsAreAcceptedForKeepaliveDeadtimeAndTimeout() {
        GlobalSettings g = Cf.globals("keepalive = 0.2\ndeadtime = 1.5");
        assertThat(g.keepalive()).isEqualTo(Duration.ofMillis(200));
        assertThat(g.deadtime()).isEqualTo(Duration.ofMillis(1500));
        assertThat(Cf.service("timeout = .25").timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(Cf.service("timeout = 3.").timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(Cf.service("timeout = 0.000000001").timeout()).isEqualTo(Duration.ofNanos(1));
    }
}
