package org.piranha.netlink.ipvs;

/** Service flags of include/uapi/linux/ip_vs.h ({@code IP_VS_SVC_F_*}), without the kernel's own HASHED. */
public enum ServiceFlag {
    /** Clients stick to one real server for the persistence timeout (ipvsadm -p). */
    PERSISTENT(0x1),
    /** One-packet scheduling for UDP: each datagram is scheduled on its own (ipvsadm -o). */
    ONE_PACKET(0x4),
    /** Scheduler flag 1: "sh-fallback" / "mh-fallback", skip unavailable servers. */
    SCHED_FALLBACK(0x8),
    /** Scheduler flag 2: "sh-port" / "mh-port", hash the source port too. */
    SCHED_PORT(0x10),
    /** Scheduler flag 3, unused by the stock schedulers. */
    SCHED_FLAG_3(0x20);

    /** Set by the kernel on every hashed service; ignored when reading. */
    static final int HASHED = 0x2;

    private final int bit;

    ServiceFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    static int bits(Iterable<ServiceFlag> flags) {
        int bits = 0;
        for (ServiceFlag flag : flags) {
            bits |= flag.bit;
        }
        return bits;
    }
}
