package org.piranha.netlink.rtnl;

/** RFC 2863 operational state of a link (IFLA_OPERSTATE), as {@code ip link} shows it. */
public enum OperState {
    UNKNOWN,
    NOTPRESENT,
    DOWN,
    /** Up as far as we are concerned, but the layer below (e.g. the veth peer, the cable) is down. */
    LOWERLAYERDOWN,
    TESTING,
    DORMANT,
    UP;

    static OperState ofCode(int code) {
        OperState[] states = values();
        return code >= 0 && code < states.length ? states[code] : UNKNOWN;
    }
}
