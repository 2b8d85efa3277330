package org.piranha.netlink.ipvs;

/** How packets reach a real server ({@code IP_VS_CONN_F_*} forwarding methods). */
public enum Forwarding {
    /** NAT (ipvsadm -m, Piranha "nat"). */
    MASQ(0),
    /** The director itself serves the packets. */
    LOCAL(1),
    /** IP-in-IP, GUE or GRE tunnelling (ipvsadm -i, Piranha "tunnel"). */
    TUNNEL(2),
    /** Direct routing (ipvsadm -g, Piranha "direct"); ipvsadm's default. */
    ROUTE(3);

    private final int code;

    Forwarding(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** values() clones its array at every call; a dump looks one up per real server. */
    private static final Forwarding[] VALUES = values();

    public static Forwarding ofCode(int code) {
        for (Forwarding forwarding : VALUES) {
            if (forwarding.code == code) {
                return forwarding;
            }
        }
        throw new IllegalArgumentException("IPVS reported an unknown forwarding method " + code);
    }
}
