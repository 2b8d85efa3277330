package org.piranha.sendarp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Command-line handling up to the point where send_arp would open its socket. */
class SendArpMainTest {

    private static final String USAGE = "send_arp: sends out custom ARP packet. Yuri Volobuev '97\n"
            + "usage: send_arp [-i dev] src_ip_addr src_hw_addr targ_ip_addr tar_hw_addr\n";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SendArpMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void wrongArgumentCountsPrintPiranhasUsageAndFail() {
        for (String[] args : new String[][] {
                {}, {"10.0.0.1"}, {"10.0.0.1", "525400123456", "10.0.0.255"},
                {"10.0.0.1", "525400123456", "10.0.0.255", "ffffffffffff", "extra"},
                {"-i", "eth1", "10.0.0.1", "525400123456", "10.0.0.255"},
                {"-x", "eth1", "10.0.0.1", "525400123456", "10.0.0.255", "ffffffffffff"},
                {"-i", "10.0.0.1", "525400123456", "10.0.0.255"}}) {
            err.reset();
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(1);
            assertThat(err()).isEqualTo(USAGE);
        }
    }

    @Test
    void helpPrintsUsageOnStdout() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(USAGE);
    }

    @Test
    void versionNamesTheProgram() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("send_arp version ");
    }

    @Test
    void badSourceMac() {
        assertThat(run("10.0.0.1", "5254001234", "10.0.0.255", "ffffffffffff")).isEqualTo(1);
        assertThat(err()).isEqualTo("send_arp: Invalid hardware address: '5254001234'"
                + " (expected 12 hex digits, e.g. 525400123456 or 52:54:00:12:34:56)\n");
    }

    @Test
    void badTargetMac() {
        assertThat(run("-i", "eth1", "10.0.0.1", "525400123456", "10.0.0.255", "ff:ff:ff:ff:ff:fg")).isEqualTo(1);
        assertThat(err()).startsWith("send_arp: Invalid hardware address: 'ff:ff:ff:ff:ff:fg'");
    }

    @Test
    void badIpAddresses() {
        assertThat(run("10.0.0.300.1", "525400123456", "10.0.0.255", "ffffffffffff")).isEqualTo(1);
        assertThat(err()).isEqualTo("send_arp: unknown host 10.0.0.300.1: not an IPv4 address or a host name with one\n");

        err.reset();
        assertThat(run("10.0.0.1", "525400123456", "fe80::1", "ffffffffffff")).isEqualTo(1);
        assertThat(err()).isEqualTo("send_arp: unknown host fe80::1: not an IPv4 address or a host name with one\n");
    }

    @Test
    void parsesDeviceAndAddresses() throws Exception {
        SendArpArguments parsed = SendArpArguments.parse("-i", "eth1:2", "10.0.0.1", "52:54:00:12:34:56",
                "10.0.0.255", "ffffffffffff");

        assertThat(parsed.device()).isEqualTo("eth1:2");
        assertThat(parsed.sourceIp().getHostAddress()).isEqualTo("10.0.0.1");
        assertThat(parsed.targetIp().getHostAddress()).isEqualTo("10.0.0.255");
        assertThat(parsed.frame()).isEqualTo(ArpFrame.piranhaReply(parsed.sourceIp(),
                MacAddress.parse("525400123456"), MacAddress.BROADCAST));
    }

    @Test
    void deviceDefaultsToEth0() {
        assertThat(SendArpArguments.parse("10.0.0.1", "525400123456", "10.0.0.255", "ffffffffffff").device())
                .isEqualTo("eth0");
    }

    @Test
    void labelsNameTheirBaseDevice() {
        assertThat(PacketSocket.baseDevice("eth0:1")).isEqualTo("eth0");
        assertThat(PacketSocket.baseDevice("eth0")).isEqualTo("eth0");
    }
}
