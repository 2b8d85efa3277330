package org.piranha.netlink;

import java.nio.ByteOrder;

/**
 * Host-order integers in byte arrays, by shifts. A ByteBuffer's get and put run several calls
 * deep (index checks, scoped memory access, Unsafe), which a JVM interprets until its JIT has
 * compiled them: a cold lvsd (and bench/ipvs's cold round) spent seconds there encoding and
 * parsing thousands of IPVS messages under emulation.
 */
public final class NativeBytes {

    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private NativeBytes() {}

    public static int u16(byte[] b, int p) {
        return LITTLE ? (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 : (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    public static int i32(byte[] b, int p) {
        return LITTLE
                ? (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24
                : b[p] << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }

    public static long i64(byte[] b, int p) {
        long first = i32(b, p) & 0xffffffffL;
        long second = i32(b, p + 4) & 0xffffffffL;
        return LITTLE ? second << 32 | first : first << 32 | second;
    }

    /** A 16-bit value in network byte order (big-endian) on every host. */
    public static int be16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    public static void put16(byte[] b, int p, int v) {
        if (LITTLE) {
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >>> 8);
        } else {
            b[p] = (byte) (v >>> 8);
            b[p + 1] = (byte) v;
        }
    }

    public static void put32(byte[] b, int p, int v) {
        if (LITTLE) {
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >>> 8);
            b[p + 2] = (byte) (v >>> 16);
            b[p + 3] = (byte) (v >>> 24);
        } else {
            b[p] = (byte) (v >>> 24);
            b[p + 1] = (byte) (v >>> 16);
            b[p + 2] = (byte) (v >>> 8);
            b[p + 3] = (byte) v;
        }
    }

    public static void put64(byte[] b, int p, long v) {
        put32(b, LITTLE ? p : p + 4, (int) v);
        put32(b, LITTLE ? p + 4 : p, (int) (v >>> 32));
    }
}
