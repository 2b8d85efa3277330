package org.piranha.netlink.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import org.piranha.netlink.IpFamily;

/**
 * What identifies a virtual service: protocol, VIP and port, or a firewall mark (with the address
 * family its packets belong to). {@code toString()} is the form error messages use:
 * {@code TCP 10.6.1.214:80}, {@code UDP [2001:db8::1]:53}, {@code FWM 5}, {@code FWM 5 IPv6}.
 */
public record ServiceKey(IpFamily family, Protocol protocol, InetAddress address, int port, int fwmark) {

    public ServiceKey {
        Objects.requireNonNull(family, "family");
        if (fwmark != 0) {
            if (protocol != null || address != null || port != 0) {
                throw new IllegalArgumentException("a fwmark service has no protocol, address or port");
            }
        } else {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(address, "address");
            if (IpFamily.of(address) != family) {
                throw new IllegalArgumentException(address + " is not an " + family + " address");
            }
            checkPort(port);
        }
    }

    /** A service on {@code address:port} (port 0 = all ports, as ipvsadm's persistent port-0 services). */
    public static ServiceKey of(Protocol protocol, InetAddress address, int port) {
        return new ServiceKey(IpFamily.of(address), protocol, address, port, 0);
    }

    /** An IPv4 service for packets carrying firewall mark {@code mark} (> 0). */
    public static ServiceKey fwmark(int mark) {
        return fwmark(IpFamily.IPV4, mark);
    }

    public static ServiceKey fwmark(IpFamily family, int mark) {
        if (mark == 0) {
            throw new IllegalArgumentException("firewall mark 0 marks nothing");
        }
        return new ServiceKey(family, null, null, 0, mark);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /** {@code 10.0.0.1:80} or {@code [2001:db8::1]:80}. */
    static String endpoint(InetAddress address, int port) {
        String host = org.piranha.netlink.InetAddresses.toText(address);
        return address instanceof Inet6Address ? "[" + host + "]:" + port : host + ":" + port;
    }

    // equals and hashCode are written out, not left to the record: the generated ones are
    // bootstrapped (java.lang.runtime.ObjectMethods) at their first call, which in a cold JVM
    // under emulation held lvsd's first reconcile for seconds (bench/ipvs).
    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceKey k && port == k.port && fwmark == k.fwmark && family == k.family
                && protocol == k.protocol && Objects.equals(address, k.address);
    }

    @Override
    public int hashCode() {
        return ((family.hashCode() * 31 + Objects.hashCode(protocol)) * 31 + Objects.hashCode(address)) * 31
                + port * 31 + fwmark;
    }

    @Override
    public String toString() {
        if (isFwmark()) {
            return "FWM " + Integer.toUnsignedString(fwmark) + (family == IpFamily.IPV6 ? " IPv6" : "");
        }
        return protocol + " " + endpoint(address, port);
    }
}
