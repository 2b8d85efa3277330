package org.piranha.netlink.rtnl;

import java.net.InetAddress;
import java.util.Objects;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.InetAddresses;

/**
 * An address on an interface. For adding, build one with {@link #builder}; listed ones carry the
 * kernel's flags and scope too.
 *
 * @param broadcast IPv4 broadcast address, or null
 * @param label     IPv4 label such as {@code eth0:1} (the kernel labels unlabelled addresses with
 *                  the interface name); null for IPv6, which has no labels
 * @param flags     IFA_F_* flags: SECONDARY 0x1, NODAD 0x2, TENTATIVE 0x40, PERMANENT 0x80, ...
 * @param scope     RT_SCOPE_*: 0 universe (global), 253 link, 254 host
 */
public record IfAddress(int interfaceIndex, InetAddress address, int prefixLength, InetAddress broadcast,
        String label, int flags, int scope) {

    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_PERMANENT = 0x80;

    public IfAddress {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > IpFamily.of(address).maxPrefixLength()) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is out of range for " + address);
        }
        if (label != null && (label.isEmpty() || label.length() >= 16)) {
            throw new IllegalArgumentException("label \"" + label + "\" must have 1-15 characters");
        }
        if (broadcast != null && IpFamily.of(broadcast) != IpFamily.IPV4) {
            throw new IllegalArgumentException("only IPv4 addresses have a broadcast address");
        }
    }

    public static Builder builder(int interfaceIndex, InetAddress address, int prefixLength) {
        return new Builder(interfaceIndex, address, prefixLength);
    }

    public IpFamily family() {
        return IpFamily.of(address);
    }

    /** {@code 10.6.1.214/24}. */
    public String cidr() {
        return InetAddresses.toText(address) + "/" + prefixLength;
    }

    @Override
    public String toString() {
        return cidr() + (label != null ? " label " + label : "") + " on interface " + interfaceIndex;
    }

    /** Builds an address to add: global scope, no flags (IPv6 addresses are added with NODAD). */
    public static final class Builder {
        private final int index;
        private final InetAddress address;
        private final int prefixLength;
        private InetAddress broadcast;
        private String label;
        private int scope;

        private Builder(int index, InetAddress address, int prefixLength) {
            this.index = index;
            this.address = address;
            this.prefixLength = prefixLength;
        }

        public Builder broadcast(InetAddress broadcast) {
            this.broadcast = broadcast;
            return this;
        }

        /** An IPv4 label, by convention the interface name, a colon and a tag: {@code eth0:1}. */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        public Builder scope(int scope) {
            this.scope = scope;
            return this;
        }

        public IfAddress build() {
            return new IfAddress(index, address, prefixLength, broadcast, label, 0, scope);
        }
    }
}
