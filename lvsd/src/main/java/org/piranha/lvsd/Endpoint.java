package org.piranha.lvsd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import org.piranha.netlink.InetAddresses;
import org.piranha.netlink.ipvs.Destination;

/** A real server's address and port as IPVS keys it within a virtual service. */
record Endpoint(InetAddress address, int port) {

    Endpoint {
        Objects.requireNonNull(address, "address");
    }

    // equals and hashCode are written out, as in the client's records (Destination): the
    // generated ones are bootstrapped at their first call, which a cold lvsd makes in its
    // reconcile (every real server of the table goes into a map by its Endpoint).
    @Override
    public boolean equals(Object other) {
        return other instanceof Endpoint e && port == e.port && address.equals(e.address);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + port;
    }

    static Endpoint of(Destination destination) {
        return new Endpoint(destination.address(), destination.port());
    }

    /** {@code 10.0.0.1:80} or {@code [2001:db8::1]:80}, as ipvsadm prints it. */
    @Override
    public String toString() {
        String host = InetAddresses.toText(address);
        return address instanceof Inet6Address ? "[" + host + "]:" + port : host + ":" + port;
    }
}
