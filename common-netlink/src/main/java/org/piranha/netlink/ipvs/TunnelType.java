package org.piranha.netlink.ipvs;

/** Encapsulation of a {@link Forwarding#TUNNEL} real server ({@code IP_VS_CONN_F_TUNNEL_TYPE_*}). */
public enum TunnelType {
    IPIP(0),
    GUE(1),
    GRE(2);

    private final int code;

    TunnelType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static TunnelType ofCode(int code) {
        for (TunnelType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("IPVS reported an unknown tunnel type " + code);
    }
}
