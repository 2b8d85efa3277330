package org.piranha.netlink.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A unicast route to {@code destination/prefixLength} out of one interface, in one routing table,
 * with scope link: what {@code ip route add DEST/LEN dev DEV table T proto P scope link} makes.
 *
 * @param protocol the {@code proto} number that says who added it (RTPROT_*, 0-255)
 */
public record Route(InetAddress destination, int prefixLength, int interfaceIndex, int table, int protocol) {

    public Route {
        Objects.requireNonNull(destination, "destination");
        int max = destination instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0-" + max);
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("route protocol " + protocol + " out of 0-255");
        }
    }

    @Override
    public String toString() {
        return destination.getHostAddress() + "/" + prefixLength + " dev #" + interfaceIndex + " table " + table
                + " proto " + protocol;
    }
}
