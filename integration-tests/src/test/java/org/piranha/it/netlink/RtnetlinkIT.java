package org.piranha.it.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.InNetns;
import org.piranha.it.support.Netns;
import org.piranha.netlink.rtnl.AddressChange;
import org.piranha.netlink.rtnl.IfAddress;
import org.piranha.netlink.rtnl.Link;
import org.piranha.netlink.rtnl.OperState;
import org.piranha.netlink.rtnl.RtnlListener;
import org.piranha.netlink.rtnl.RtnlMonitor;
import org.piranha.netlink.rtnl.Rtnetlink;

/**
 * Our rtnetlink client against iproute2 as the oracle. Namespaces "ours" and "theirs" each hold
 * one end of a veth pair, both called eth0: what we do in "ours" must look, to {@code ip}, exactly
 * like what {@code ip} itself does in "theirs".
 */
@Tag("netns")
class RtnetlinkIT {

    private Netns ours;
    private Netns theirs;
    private Rtnetlink rtnl;

    @BeforeEach
    void twoEndsOfAVeth() {
        ours = Netns.create("rtnl-ours");
        theirs = Netns.create("rtnl-theirs");
        ours.ok("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", theirs.name());
        ours.ok("ip", "link", "set", "eth0", "up");
        theirs.ok("ip", "link", "set", "eth0", "up");
        rtnl = InNetns.call(ours, Rtnetlink::open);
    }

    @AfterEach
    void cleanUp() {
        if (rtnl != null) {
            rtnl.close();
        }
        ours.close();
        theirs.close();
    }

    /** The `ip -o addr show dev eth0` line for an address, without the leading interface index. */
    private static String ipLine(Netns netns, String address) {
        List<String> lines = netns.ok("ip", "-o", "addr", "show", "dev", "eth0").lines()
                .filter(line -> line.contains(" " + address + "/"))
                .map(line -> line.replaceFirst("^\\d+:\\s+", ""))
                .collect(Collectors.toList());
        assertThat(lines).as("ip -o addr lines for %s in %s", address, netns).hasSizeLessThanOrEqualTo(1);
        return lines.isEmpty() ? null : lines.get(0);
    }

    @Test
    void aLabelledIpv4AddressLooksExactlyLikeOneThatIpAdded() throws Exception {
        int eth0 = rtnl.index("eth0");
        IfAddress vip = IfAddress.builder(eth0, InetAddress.getByName("10.6.1.214"), 24)
                .broadcast(InetAddress.getByName("10.6.1.255")).label("eth0:1").build();

        assertThat(rtnl.addAddress(vip)).isEqualTo(AddressChange.ADDED);
        theirs.ok("ip", "addr", "add", "10.6.1.214/24", "brd", "10.6.1.255", "dev", "eth0", "label", "eth0:1");

        String expected = ipLine(theirs, "10.6.1.214");
        assertThat(expected).contains("eth0:1");
        assertThat(ipLine(ours, "10.6.1.214")).isEqualTo(expected);

        assertThat(rtnl.addAddress(vip)).isEqualTo(AddressChange.ALREADY_PRESENT);
        assertThat(ipLine(ours, "10.6.1.214")).isEqualTo(expected);

        assertThat(rtnl.removeAddress(vip)).isEqualTo(AddressChange.REMOVED);
        assertThat(ipLine(ours, "10.6.1.214")).isNull();
        assertThat(rtnl.removeAddress(vip)).isEqualTo(AddressChange.ALREADY_ABSENT);
    }

    @Test
    void aSlash32VipWithoutBroadcastMatchesToo() throws Exception {
        IfAddress vip = IfAddress.builder(rtnl.index("eth0"), InetAddress.getByName("192.168.7.9"), 32)
                .label("eth0:7").build();
        rtnl.addAddress(vip);
        theirs.ok("ip", "addr", "add", "192.168.7.9/32", "dev", "eth0", "label", "eth0:7");
        assertThat(ipLine(ours, "192.168.7.9")).isEqualTo(ipLine(theirs, "192.168.7.9")).isNotNull();
    }

    @Test
    void anIpv6AddressIsAddedWithNodadLikeIpDoes() throws Exception {
        IfAddress vip = IfAddress.builder(rtnl.index("eth0"), InetAddress.getByName("2001:db8::5"), 64).build();
        assertThat(rtnl.addAddress(vip)).isEqualTo(AddressChange.ADDED);
        theirs.ok("ip", "addr", "add", "2001:db8::5/64", "dev", "eth0", "nodad");

        String expected = ipLine(theirs, "2001:db8::5");
        assertThat(expected).contains("nodad");
        assertThat(ipLine(ours, "2001:db8::5")).isEqualTo(expected);
        assertThat(rtnl.addAddress(vip)).isEqualTo(AddressChange.ALREADY_PRESENT);

        assertThat(rtnl.removeAddress(vip)).isEqualTo(AddressChange.REMOVED);
        assertThat(ipLine(ours, "2001:db8::5")).isNull();
        assertThat(rtnl.removeAddress(vip)).isEqualTo(AddressChange.ALREADY_ABSENT);
    }

    @Test
    void listsTheAddressesIpShowsWithTheirLabels() throws Exception {
        ours.ok("ip", "addr", "add", "10.1.0.1/16", "dev", "eth0");
        ours.ok("ip", "addr", "add", "10.1.2.3/16", "brd", "10.1.255.255", "dev", "eth0", "label", "eth0:web");
        ours.ok("ip", "addr", "add", "fd00::1/64", "dev", "eth0", "nodad");

        // "inet 10.1.2.3/16 brd 10.1.255.255 scope global secondary eth0:web" -> "10.1.2.3/16 eth0:web"
        Set<String> fromIp = ours.ok("ip", "-o", "addr", "show", "dev", "eth0").lines()
                .map(line -> line.replaceFirst("^\\d+:\\s+eth0\\s+", "").split("\\\\")[0].trim())
                .map(RtnetlinkIT::cidrAndLabel)
                .collect(Collectors.toSet());
        Set<String> fromUs = rtnl.addresses("eth0").stream()
                .map(a -> a.cidr() + (a.label() != null ? " " + a.label() : ""))
                .collect(Collectors.toSet());
        assertThat(fromUs).isEqualTo(fromIp).contains("10.1.2.3/16 eth0:web", "10.1.0.1/16 eth0", "fd00::1/64");

        IfAddress web = rtnl.addresses("eth0").stream().filter(a -> "eth0:web".equals(a.label())).findFirst()
                .orElseThrow();
        assertThat(web.broadcast()).isEqualTo(InetAddress.getByName("10.1.255.255"));
        assertThat(web.flags() & IfAddress.IFA_F_SECONDARY).isNotZero();
    }

    /** "inet 10.1.2.3/16 brd ... scope global secondary eth0:web" -> "10.1.2.3/16 eth0:web"; v6 has no label. */
    private static String cidrAndLabel(String ipFields) {
        String[] words = ipFields.split("\\s+");
        String cidr = words[1];
        return words[0].equals("inet") ? cidr + " " + words[words.length - 1] : cidr;
    }

    @Test
    void readsLinkStateAndMacLikeIpLink() throws Exception {
        Link link = rtnl.link("eth0").orElseThrow();
        String ipLink = ours.ok("ip", "-o", "link", "show", "dev", "eth0");
        assertThat(ipLink).startsWith(link.index() + ": eth0@");
        assertThat(ipLink).contains("link/ether " + link.mac() + " ");
        assertThat(ipLink).contains("mtu " + link.mtu() + " ");
        assertThat(link.isUp()).isTrue();
        assertThat(link.hasCarrier()).isTrue();
        assertThat(link.operState()).isEqualTo(OperState.UP);
    }

    @Test
    void linkEventsArriveForAdminDownAndForCarrierLossWhenThePeerGoesDown() throws Exception {
        LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        RtnlListener listener = new RtnlListener() {
            @Override
            public void linkChanged(Link link) {
                events.add(link);
            }

            @Override
            public void addressAdded(IfAddress address) {
                events.add(address);
            }
        };
        try (RtnlMonitor monitor = InNetns.call(ours,
                () -> RtnlMonitor.start(Set.of(RtnlMonitor.Group.values()), listener))) {
            ours.ok("ip", "link", "set", "eth0", "down");
            Link down = awaitEvent(events, Link.class, l -> l.name().equals("eth0") && !l.isUp());
            assertThat(down.hasCarrier()).isFalse();
            assertThat(down.operState()).isEqualTo(OperState.DOWN);

            ours.ok("ip", "link", "set", "eth0", "up");
            awaitEvent(events, Link.class, l -> l.name().equals("eth0") && l.isRunning());

            theirs.ok("ip", "link", "set", "eth0", "down");
            Link lost = awaitEvent(events, Link.class, l -> l.name().equals("eth0") && !l.hasCarrier());
            assertThat(lost.isUp()).as("our end stays administratively up").isTrue();
            assertThat(ipLinkState(ours)).as("ip shows NO-CARRIER").contains("NO-CARRIER");
            assertThat(lost.operState().name()).isEqualTo(ipLinkState(ours).replaceAll(".* state (\\S+) .*", "$1"));

            theirs.ok("ip", "link", "set", "eth0", "up");
            awaitEvent(events, Link.class, l -> l.name().equals("eth0") && l.hasCarrier());

            ours.ok("ip", "addr", "add", "10.9.9.9/32", "dev", "eth0", "label", "eth0:9");
            IfAddress added = awaitEvent(events, IfAddress.class,
                    a -> a.address().equals(addr("10.9.9.9")));
            assertThat(added.label()).isEqualTo("eth0:9");
        }
    }

    private static String ipLinkState(Netns netns) {
        return netns.ok("ip", "-o", "link", "show", "dev", "eth0").trim();
    }

    private static InetAddress addr(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Takes events until one of {@code type} matches, failing after 10 s with what did arrive. */
    private static <T> T awaitEvent(LinkedBlockingQueue<Object> events, Class<T> type, Predicate<T> test)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        StringBuilder seen = new StringBuilder();
        while (true) {
            long left = deadline - System.nanoTime();
            Object event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("no matching " + type.getSimpleName() + " event within 10 s; got:" + seen);
            }
            seen.append("\n  ").append(event);
            if (type.isInstance(event) && test.test(type.cast(event))) {
                return type.cast(event);
            }
        }
    }
}
