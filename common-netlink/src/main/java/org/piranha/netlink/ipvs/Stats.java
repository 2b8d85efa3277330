package org.piranha.netlink.ipvs;

/**
 * Traffic counters of a service or real server (64-bit, as {@code ipvsadm -L --stats --exact}
 * shows them) and the rate estimates (per second, as {@code --rate}).
 */
public record Stats(long connections, long inPackets, long outPackets, long inBytes, long outBytes,
        long connectionsPerSecond, long inPacketsPerSecond, long outPacketsPerSecond, long inBytesPerSecond,
        long outBytesPerSecond) {

    public static final Stats ZERO = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
