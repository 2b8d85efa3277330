package org.piranha.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** The two address families, with their AF_* numbers. */
public enum IpFamily {
    IPV4(2, 4, 32),
    IPV6(10, 16, 128);

    private final int number;
    private final int addressLength;
    private final int maxPrefixLength;

    IpFamily(int number, int addressLength, int maxPrefixLength) {
        this.number = number;
        this.addressLength = addressLength;
        this.maxPrefixLength = maxPrefixLength;
    }

    /** AF_INET (2) or AF_INET6 (10). */
    public int number() {
        return number;
    }

    public int addressLength() {
        return addressLength;
    }

    public int maxPrefixLength() {
        return maxPrefixLength;
    }

    public static IpFamily of(InetAddress address) {
        if (address instanceof Inet4Address) {
            return IPV4;
        }
        if (address instanceof Inet6Address) {
            return IPV6;
        }
        throw new IllegalArgumentException("not an IP address: " + address);
    }

    /** values() clones its array at every call; a dump looks one up per real server. */
    private static final IpFamily[] VALUES = values();

    public static IpFamily ofNumber(int number) {
        for (IpFamily family : VALUES) {
            if (family.number == number) {
                return family;
            }
        }
        throw new IllegalArgumentException("unknown address family " + number);
    }
}
