package org.piranha.netlink.ipvs;

import java.time.Duration;

/**
 * Connection timeouts (ipvsadm --set tcp tcpfin udp). When setting, a zero value leaves that
 * timeout as it is.
 */
public record Timeouts(Duration tcp, Duration tcpFin, Duration udp) {

    public static Timeouts ofSeconds(int tcp, int tcpFin, int udp) {
        return new Timeouts(Duration.ofSeconds(tcp), Duration.ofSeconds(tcpFin), Duration.ofSeconds(udp));
    }
}
