package org.piranha.it.pulse;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Netns;

/**
 * tcpdump on the observer of a {@link PulseLab}, for bench/takeover: every heartbeat (UDP 539),
 * VRRP advertisement (IP protocol 112) and ARP frame on the segment, one summary line each with
 * tcpdump's own time stamp ({@code -tt}, microseconds since the epoch). Summary lines only, no hex
 * dump: at keepalive 0.01 two routers put 200 frames a second on the wire.
 */
final class TakeoverWire implements AutoCloseable {

    private final Daemon tcpdump;

    private TakeoverWire(Daemon tcpdump) {
        this.tcpdump = tcpdump;
    }

    /**
     * Starts watching {@code lab}'s segment from its observer. The bridge is made a hub (it learns
     * no addresses), so that the observer also sees the heartbeats the routers unicast to each other.
     */
    static TakeoverWire watch(PulseLab lab) {
        lab.lan.wire().ok("ip", "link", "set", "br0", "type", "bridge", "ageing_time", "0");
        Netns observer = lab.obs;
        Daemon tcpdump = Daemon.start("tcpdump on " + observer + "/eth0", observer.process("tcpdump", "-tt", "-e", "-n",
                "-l", "--immediate-mode", "-i", "eth0", "arp or udp port 539 or ip proto 112"));
        tcpdump.awaitLine("listening on", PulseLab.START);
        return new TakeoverWire(tcpdump);
    }

    /** Waits for the next heartbeat or advertisement that {@code mac} sends. */
    void awaitSignOfLife(String mac) {
        tcpdump.awaitLineAfter(tcpdump.lineCount(), line -> signOfLife(line, mac),
                "a heartbeat or advertisement from " + mac, PulseLab.START);
    }

    /** When tcpdump saw the last heartbeat or advertisement from {@code mac} before {@code until} (a dead router's last). */
    Instant lastSignOfLife(String mac, Instant until) {
        return tcpdump.lines().stream().filter(line -> signOfLife(line, mac)).map(TakeoverWire::time)
                .filter(time -> time.isBefore(until)).reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalStateException("tcpdump saw nothing from " + mac));
    }

    private static boolean signOfLife(String line, String mac) {
        return from(line, mac) && (line.contains(" UDP,") || line.contains(": VRRP"));
    }

    /**
     * When tcpdump saw the first gratuitous ARP for {@code address} from {@code mac} (a request
     * "who-has A [(target MAC)] tell A" or a reply "A is-at") at or after {@code since}.
     */
    Instant awaitAnnouncement(String mac, String address, Instant since, Duration timeout) {
        String request = "who-has " + address + " ";
        String sender = " tell " + address + ",";
        String reply = "Reply " + address + " is-at";
        for (int from = 0; ; ) {
            String line = tcpdump.awaitLineAfter(from, l -> from(l, mac) && (l.contains(request) && l.contains(sender) || l.contains(reply)),
                    "a gratuitous ARP for " + address + " from " + mac, timeout);
            Instant seen = time(line);
            if (!seen.isBefore(since)) {
                return seen;
            }
            from = tcpdump.lines().indexOf(line) + 1;
        }
    }

    private static boolean from(String line, String mac) {
        int space = line.indexOf(' ');
        return space > 0 && line.startsWith(mac + " ", space + 1);
    }

    /** "1765000000.123456 52:54:..." -> that instant. */
    static Instant time(String line) {
        BigDecimal seconds = new BigDecimal(line.substring(0, line.indexOf(' ')));
        long whole = seconds.longValue();
        return Instant.ofEpochSecond(whole, seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue());
    }

    @Override
    public void close() {
        tcpdump.close();
    }
}
