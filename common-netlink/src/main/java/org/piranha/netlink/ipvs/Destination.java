package org.piranha.netlink.ipvs;

import java.net.InetAddress;
import java.util.Objects;
import org.piranha.netlink.IpFamily;

/**
 * The configuration of a real server within a virtual service. Values compare equal exactly when
 * IPVS would hold the same configuration ({@link DestinationStatus#destination()} of a dump can be
 * compared with desired state); the tunnel fields are meaningful only for {@link Forwarding#TUNNEL}.
 *
 * @param weight         relative share of new connections; 0 quiesces the server (no new ones)
 * @param upperThreshold stop sending new connections above this many (0 = no limit)
 * @param lowerThreshold resume below this many (0 = no threshold); at most {@code upperThreshold}
 * @param tunnelPort     the GUE port (0 otherwise)
 * @param tunnelFlags    checksum options for GUE/GRE: bit 0 CSUM, bit 1 REMCSUM
 */
public record Destination(InetAddress address, int port, Forwarding forwarding, int weight, int upperThreshold,
        int lowerThreshold, TunnelType tunnelType, int tunnelPort, int tunnelFlags) {

    public Destination {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(tunnelType, "tunnelType");
        ServiceKey.checkPort(port);
        if (weight < 0) {
            throw new IllegalArgumentException("weight " + weight + " is negative");
        }
        if (upperThreshold < 0 || lowerThreshold < 0) {
            throw new IllegalArgumentException("connection thresholds must not be negative");
        }
        if (forwarding != Forwarding.TUNNEL && (tunnelType != TunnelType.IPIP || tunnelPort != 0 || tunnelFlags != 0)) {
            throw new IllegalArgumentException("tunnel options apply to tunnel forwarding only");
        }
        ServiceKey.checkPort(tunnelPort);
    }

    // equals and hashCode are written out, not left to the record: the generated ones are
    // bootstrapped (java.lang.runtime.ObjectMethods) at their first call, which in a cold JVM
    // under emulation held lvsd's first reconcile for seconds (bench/ipvs).
    @Override
    public boolean equals(Object other) {
        return other instanceof Destination d && port == d.port && weight == d.weight
                && upperThreshold == d.upperThreshold && lowerThreshold == d.lowerThreshold
                && tunnelPort == d.tunnelPort && tunnelFlags == d.tunnelFlags && forwarding == d.forwarding
                && tunnelType == d.tunnelType && address.equals(d.address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, port, forwarding, weight, upperThreshold, lowerThreshold, tunnelType, tunnelPort,
                tunnelFlags);
    }

    public static Builder builder(InetAddress address, int port) {
        return new Builder(address, port);
    }

    public IpFamily family() {
        return IpFamily.of(address);
    }

    public Builder toBuilder() {
        return new Builder(address, port).forwarding(forwarding).weight(weight)
                .thresholds(upperThreshold, lowerThreshold).tunnel(tunnelType, tunnelPort, tunnelFlags);
    }

    /** {@code 10.0.0.1:80} or {@code [2001:db8::2]:80}. */
    public String endpoint() {
        return ServiceKey.endpoint(address, port);
    }

    /** Builds a {@link Destination}; defaults as ipvsadm: direct routing, weight 1, no thresholds. */
    public static final class Builder {
        private final InetAddress address;
        private final int port;
        private Forwarding forwarding = Forwarding.ROUTE;
        private int weight = 1;
        private int upper;
        private int lower;
        private TunnelType tunnelType = TunnelType.IPIP;
        private int tunnelPort;
        private int tunnelFlags;

        private Builder(InetAddress address, int port) {
            this.address = address;
            this.port = port;
        }

        public Builder forwarding(Forwarding forwarding) {
            this.forwarding = forwarding;
            return this;
        }

        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        public Builder thresholds(int upper, int lower) {
            this.upper = upper;
            this.lower = lower;
            return this;
        }

        /** Tunnel forwarding with the given encapsulation (port for GUE, checksum flags for GUE/GRE). */
        public Builder tunnel(TunnelType type, int port, int flags) {
            this.tunnelType = type;
            this.tunnelPort = port;
            this.tunnelFlags = flags;
            return this;
        }

        public Destination build() {
            return new Destination(address, port, forwarding, weight, upper, lower, tunnelType, tunnelPort,
                    tunnelFlags);
        }
    }
}
