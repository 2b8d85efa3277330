package org.piranha.lvscf;

/**
 * An IPv4 netmask as lvs.cf writes it (dotted quad). Any 32-bit value can be held, so that the
 * validator can point at a non-contiguous mask with its line instead of the parser dropping it.
 */
public record Netmask(int bits) {

    /** Parses a dotted quad such as {@code 255.255.255.0}; anything else is refused. */
    public static Netmask parse(String dotted) {
        byte[] bytes = Ipv4.parseDottedQuad(dotted);
        if (bytes == null) {
            throw new IllegalArgumentException("not a dotted-quad netmask: " + dotted);
        }
        return new Netmask(((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff));
    }

    public static Netmask ofPrefixLength(int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + length);
        }
        return new Netmask(length == 0 ? 0 : -1 << (32 - length));
    }

    /** True when the ones are all on the left, as a netmask must be. */
    public boolean isContiguous() {
        int inverted = ~bits;
        return (inverted & (inverted + 1)) == 0;
    }

    /** The number of leading ones; only meaningful for a contiguous mask. */
    public int prefixLength() {
        if (!isContiguous()) {
            throw new IllegalStateException("netmask " + this + " is not contiguous");
        }
        return Integer.bitCount(bits);
    }

    /** 0.0.0.0, which Piranha treats as "no netmask given". */
    public boolean isZero() {
        return bits == 0;
    }

    /** 255.255.255.255, which Piranha treats as "no persistence mask" for pmask. */
    public boolean isAllOnes() {
        return bits == -1;
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
