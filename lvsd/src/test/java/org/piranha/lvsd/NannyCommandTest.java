package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.VirtualService;

/** nanny's command line, in Piranha's order (piranha.md 4.2). */
class NannyCommandTest {

    static final Path NANNY = Path.of("/usr/sbin/nanny");

    @Test
    void everyOptionInPiranhasOrder() {
        LvsConfig config = Harness.config("""
                primary = 10.6.1.201
                service = lvs
                network = tunnel
                rsh_command = ssh
                ipvsadm = /usr/sbin/ipvsadm
                virtual dns {
                    active = 1
                    address = 10.6.1.214 eth0:1
                    port = 53
                    protocol = udp
                    fwmark = 7
                    send_program = "/usr/local/bin/check %h %p"
                    send = "ping"
                    expect = "pong"
                    use_regex = 1
                    quiesce_server = 1
                    load_monitor = uptime
                    sorry_server = 10.6.1.230
                    timeout = 0.5
                    reentry = 4
                    server ns1 {
                        address = 10.6.1.221
                        active = 1
                        port = 5353
                        weight = 3
                    }
                }
                """);
        VirtualService dns = config.services().get(0);
        assertThat(NannyCommand.of(config.globals(), dns, dns.servers().get(0), NANNY, false, true)).containsExactly(
                "/usr/sbin/nanny", "-c", "-h", "10.6.1.221", "-p", "53", "-r", "5353", "-f", "7", "-u",
                "-e", "/usr/local/bin/check %h %p", "-s", "ping", "-x", "pong", "-q", "--regex", "-v",
                "-a", "4", "-I", "/usr/sbin/ipvsadm", "-t", "0.5", "-w", "3", "-V", "10.6.1.214", "-M", "i",
                "-U", "ssh", "--nodaemon", "--lvs");
    }

    @Test
    void theFewestOptionsAndAClientMonitor() {
        LvsConfig config = Harness.config("""
                primary = 10.6.1.201
                service = lvs
                virtual www {
                    active = 1
                    address = 10.6.1.214 eth0:1
                    client_monitor = /opt/check/monitor
                    load_monitor = rup
                    server web1 {
                        address = 10.6.1.221
                        active = 1
                    }
                }
                """);
        VirtualService www = config.services().get(0);
        assertThat(NannyCommand.of(config.globals(), www, www.servers().get(0), NANNY, false, false)).containsExactly(
                "/opt/check/monitor", "-c", "-h", "10.6.1.221", "-p", "80", "-r", "80", "-a", "180",
                "-I", "/sbin/ipvsadm", "-t", "10", "-w", "1", "-V", "10.6.1.214", "-M", "m", "-U", "rup", "--lvs");
        assertThat(NannyCommand.of(config.globals(), www, www.servers().get(0), NANNY, true, false))
                .as("lvsd -n passes --nodaemon").containsSubsequence("--nodaemon", "--lvs");
    }

    @Test
    void secondsAsWritten() {
        assertThat(NannyCommand.seconds(Duration.ofSeconds(6))).isEqualTo("6");
        assertThat(NannyCommand.seconds(Duration.ofMillis(500))).isEqualTo("0.5");
        assertThat(NannyCommand.seconds(Duration.ofMillis(1250))).isEqualTo("1.25");
    }
}
