package org.piranha.it.sendarp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Lan;
import org.piranha.it.support.Netns;
import org.piranha.it.support.Sh;
import org.piranha.it.support.Tcpdump;

/** The installed send_arp on a real segment, checked with tcpdump from another namespace. */
class SendArpIT {

    private static final String SENDER_MAC = "52:54:00:0a:00:01";
    private static final String OBSERVER_MAC = "52:54:00:0a:00:02";
    private static final Duration CAPTURE = Duration.ofSeconds(30);

    private Lan lan;
    private Netns sender;
    private Netns observer;

    @BeforeEach
    void segment() {
        lan = new Lan();
        sender = Netns.create("arpsend");
        observer = Netns.create("arpseen");
        lan.attach(sender, "eth0", "10.6.1.1/24");
        lan.attach(observer, "eth0", "10.6.1.2/24");
        sender.ok("ip", "link", "set", "eth0", "address", SENDER_MAC);
        observer.ok("ip", "link", "set", "eth0", "address", OBSERVER_MAC);
    }

    @AfterEach
    void cleanUp() {
        sender.close();
        observer.close();
        lan.close();
    }

    private Sh.Result sendArp(String... args) {
        return sender.run(concat(Installed.sbin("send_arp"), args));
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void sendsPiranhasReplyFrameOnEth0ByDefault() {
        try (Tcpdump capture = Tcpdump.start(observer, "eth0", "arp and ether src " + SENDER_MAC)) {
            Sh.Result result = sendArp("10.6.1.100", "525400:0a0001", "10.6.1.255", "ffffffffffff");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.err()).isEmpty();
            List<Tcpdump.Frame> frames = capture.awaitFrames(1, CAPTURE);
            Tcpdump.Frame frame = frames.get(0);
            assertThat(frame.bytes()).as(frame.summary()).hasSize(60);
            assertThat(frame.hex(0, 6)).as("Ethernet destination").isEqualTo("ffffffffffff");
            assertThat(frame.hex(6, 12)).as("Ethernet source").isEqualTo("5254000a0001");
            assertThat(frame.u16(12)).as("ethertype").isEqualTo(0x0806);
            assertThat(frame.u16(14)).as("hardware type").isEqualTo(1);
            assertThat(frame.u16(16)).as("protocol type").isEqualTo(0x0800);
            assertThat(frame.hex(18, 20)).as("hlen, plen").isEqualTo("0604");
            assertThat(frame.u16(20)).as("operation: reply").isEqualTo(2);
            assertThat(frame.hex(22, 28)).as("sender MAC").isEqualTo("5254000a0001");
            assertThat(frame.hex(28, 32)).as("sender IP 10.6.1.100").isEqualTo("0a060164");
            assertThat(frame.hex(32, 38)).as("target MAC").isEqualTo("5254000a0001");
            assertThat(frame.hex(38, 42)).as("target IP 10.6.1.100").isEqualTo("0a060164");
            assertThat(frame.hex(42, 60)).as("padding").isEqualTo("00".repeat(18));
            assertThat(frame.summary()).contains("Reply 10.6.1.100 is-at " + SENDER_MAC);
            assertThat(capture.frames()).as("one frame per run").hasSize(1);
        }
    }

    @Test
    void sendsToTheGivenEthernetDestinationOnTheGivenDevice() {
        sender.ok("ip", "link", "set", "eth0", "name", "lan1");
        try (Tcpdump capture = Tcpdump.start(observer, "eth0", "arp and ether src " + SENDER_MAC)) {
            Sh.Result result = sendArp("-i", "lan1:3", "10.6.1.101", SENDER_MAC, "10.6.1.255", OBSERVER_MAC);

            assertThat(result.exitCode()).as(result.err()).isZero();
            Tcpdump.Frame frame = capture.awaitFrames(1, CAPTURE).get(0);
            assertThat(frame.hex(0, 6)).as("Ethernet destination").isEqualTo("5254000a0002");
            assertThat(frame.u16(20)).as("operation").isEqualTo(2);
            assertThat(frame.hex(28, 32)).isEqualTo("0a060165");
            assertThat(frame.hex(32, 38)).as("target MAC stays the sender's (RFC 2002)").isEqualTo("5254000a0001");
            assertThat(frame.hex(38, 42)).isEqualTo("0a060165");
        }
    }

    @Test
    void missingDevice() {
        Sh.Result result = sendArp("-i", "eth7", "10.6.1.100", SENDER_MAC, "10.6.1.255", "ffffffffffff");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("send_arp: no such network interface: eth7 (see 'ip link')\n");
    }

    @Test
    void badHardwareAddress() {
        Sh.Result result = sendArp("10.6.1.100", "52:54:00:0a:00", "10.6.1.255", "ffffffffffff");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("send_arp: Invalid hardware address: '52:54:00:0a:00'"
                + " (expected 12 hex digits, e.g. 525400123456 or 52:54:00:12:34:56)\n");
    }

    @Test
    void wrongArgumentCountPrintsUsage() {
        Sh.Result result = sendArp("-i", "eth0", "10.6.1.100");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("send_arp: sends out custom ARP packet. Yuri Volobuev '97\n"
                + "usage: send_arp [-i dev] src_ip_addr src_hw_addr targ_ip_addr tar_hw_addr\n");
    }

    @Test
    void interfaceDown() {
        sender.ok("ip", "link", "set", "eth0", "down");

        Sh.Result result = sendArp("10.6.1.100", SENDER_MAC, "10.6.1.255", "ffffffffffff");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("send_arp: interface eth0 is down: bring it up with 'ip link set eth0 up'\n");
    }

    @Test
    void withoutCapNetRaw() {
        Sh.Result result = sender.run(concat("setpriv", "--bounding-set", "-net_raw", "--inh-caps", "-net_raw",
                Installed.sbin("send_arp"), "10.6.1.100", SENDER_MAC, "10.6.1.255", "ffffffffffff"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("send_arp: cannot open a packet socket: Operation not permitted;"
                + " sending ARP needs CAP_NET_RAW: run as root\n");
    }
}
