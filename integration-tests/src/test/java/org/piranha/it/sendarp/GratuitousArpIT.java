package org.piranha.it.sendarp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

/**
 * The GratuitousArp library, as pulse runs it in-process, on a real segment: it is run from the
 * installed jars in a JVM inside the sender's namespace and checked with tcpdump from another.
 */
class GratuitousArpIT {

    private static final String SENDER_MAC = "52:54:00:0b:00:01";
    private static final Duration CAPTURE = Duration.ofSeconds(30);

    private Lan lan;
    private Netns sender;
    private Netns observer;

    @BeforeEach
    void segment() {
        lan = new Lan();
        sender = Netns.create("garpsend");
        observer = Netns.create("garpseen");
        lan.attach(sender, "eth0", "10.6.2.1/24");
        lan.attach(observer, "eth0", "10.6.2.2/24");
        sender.ok("ip", "link", "set", "eth0", "address", SENDER_MAC);
        sender.ok("ip", "addr", "add", "10.6.2.100/24", "dev", "eth0", "label", "eth0:1");
    }

    @AfterEach
    void cleanUp() {
        sender.close();
        observer.close();
        lan.close();
    }

    /** Runs AnnounceMain in the sender's namespace against the installed jars. */
    private Sh.Result announce(String device, String address, int rounds, int intervalMillis, String forms) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = Installed.root().resolve("usr/share/piranha/lib") + "/*:" + testClasses();
        return sender.run(java, "-cp", classpath, AnnounceMain.class.getName(), device, address,
                Integer.toString(rounds), Integer.toString(intervalMillis), forms);
    }

    private static String testClasses() {
        try {
            return Path.of(AnnounceMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertAnnounces(Tcpdump.Frame frame, int operation, String targetMac) {
        assertThat(frame.bytes()).as(frame.summary()).hasSize(60);
        assertThat(frame.hex(0, 6)).as("Ethernet destination: broadcast").isEqualTo("ffffffffffff");
        assertThat(frame.hex(6, 12)).as("Ethernet source: the interface's MAC").isEqualTo("5254000b0001");
        assertThat(frame.u16(12)).as("ethertype").isEqualTo(0x0806);
        assertThat(frame.u16(14)).as("hardware type").isEqualTo(1);
        assertThat(frame.u16(16)).as("protocol type").isEqualTo(0x0800);
        assertThat(frame.hex(18, 20)).as("hlen, plen").isEqualTo("0604");
        assertThat(frame.u16(20)).as("operation").isEqualTo(operation);
        assertThat(frame.hex(22, 28)).as("sender MAC").isEqualTo("5254000b0001");
        assertThat(frame.hex(28, 32)).as("sender IP 10.6.2.100").isEqualTo("0a060264");
        assertThat(frame.hex(32, 38)).as("target MAC").isEqualTo(targetMac);
        assertThat(frame.hex(38, 42)).as("target IP 10.6.2.100").isEqualTo("0a060264");
        assertThat(frame.hex(42, 60)).as("padding").isEqualTo("00".repeat(18));
    }

    @Test
    void announcesInBothFormsForEveryRound() {
        try (Tcpdump capture = Tcpdump.start(observer, "eth0", "arp and ether src " + SENDER_MAC)) {
            Sh.Result result = announce("eth0:1", "10.6.2.100", 3, 200, "both");

            assertThat(result.out()).as(result.err()).isEqualTo("announced\n");
            List<Tcpdump.Frame> frames = capture.awaitFrames(6, CAPTURE);
            // The announcer has exited, so nothing more can come: a marker frame sent now is the last.
            sender.ok(Installed.sbin("send_arp"), "10.6.2.254", SENDER_MAC, "10.6.2.255", "ffffffffffff");
            frames = capture.awaitFrames(7, CAPTURE);

            assertThat(frames).hasSize(7);
            for (int round = 0; round < 3; round++) {
                assertAnnounces(frames.get(2 * round), 1, "000000000000");
                assertAnnounces(frames.get(2 * round + 1), 2, "5254000b0001");
            }
            assertThat(frames.get(0).summary()).contains("Request who-has 10.6.2.100 tell 10.6.2.100");
            assertThat(frames.get(1).summary()).contains("Reply 10.6.2.100 is-at " + SENDER_MAC);
            assertThat(frames.get(6).hex(28, 32)).as("the marker").isEqualTo("0a0602fe");
        }
    }

    @Test
    void requestFormOnly() {
        try (Tcpdump capture = Tcpdump.start(observer, "eth0", "arp and ether src " + SENDER_MAC)) {
            Sh.Result result = announce("eth0", "10.6.2.100", 2, 0, "request");

            assertThat(result.out()).as(result.err()).isEqualTo("announced\n");
            capture.awaitFrames(2, CAPTURE);
            sender.ok(Installed.sbin("send_arp"), "10.6.2.254", SENDER_MAC, "10.6.2.255", "ffffffffffff");
            List<Tcpdump.Frame> frames = capture.awaitFrames(3, CAPTURE);

            assertThat(frames).hasSize(3);
            assertAnnounces(frames.get(0), 1, "000000000000");
            assertAnnounces(frames.get(1), 1, "000000000000");
        }
    }

    @Test
    void replyFormOnly() {
        try (Tcpdump capture = Tcpdump.start(observer, "eth0", "arp and ether src " + SENDER_MAC)) {
            Sh.Result result = announce("eth0", "10.6.2.100", 1, 0, "reply");

            assertThat(result.out()).as(result.err()).isEqualTo("announced\n");
            capture.awaitFrames(1, CAPTURE);
            sender.ok(Installed.sbin("send_arp"), "10.6.2.254", SENDER_MAC, "10.6.2.255", "ffffffffffff");
            List<Tcpdump.Frame> frames = capture.awaitFrames(2, CAPTURE);

            assertThat(frames).hasSize(2);
            assertAnnounces(frames.get(0), 2, "5254000b0001");
        }
    }

    @Test
    void missingDeviceFailsTheAnnouncement() {
        Sh.Result result = announce("eth7:1", "10.6.2.100", 5, 1000, "both");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(
                "cannot announce 10.6.2.100 on eth7:1: no such network interface: eth7 (see 'ip link')\n");
    }
}
