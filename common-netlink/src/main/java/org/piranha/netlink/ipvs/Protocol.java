package org.piranha.netlink.ipvs;

/** The transport protocols a virtual service can balance, with their IPPROTO numbers. */
public enum Protocol {
    TCP(6),
    UDP(17),
    SCTP(132);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static Protocol ofNumber(int number) {
        for (Protocol protocol : values()) {
            if (protocol.number == number) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("IPVS reported an unknown protocol number " + number);
    }
}
