package org.piranha.netlink.libc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The two calls a socket makes per datagram, bound with JNA's direct mapping: native methods
 * that JNA links to libc once. A call through the {@link LibC} interface goes through a proxy,
 * reflection and the conversion of each argument (boxing, lookups in JNA's maps), which a cold
 * JVM interprets for the first few hundred calls: under emulation that was a large part of
 * reading a dump of ten thousand real servers in three hundred datagrams (bench/ipvs's cold
 * reconcile, where these paths were compiled only midway). Failures throw
 * {@link LastErrorException} carrying errno, as LibC's do.
 */
public final class LibCDirect {

    static {
        Native.register(LibCDirect.class, NativeLibrary.getInstance("c"));
    }

    private LibCDirect() {}

    /** Sends from native memory. */
    public static native long send(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    /** Receives into native memory. */
    public static native long recv(int fd, Pointer buffer, long length, int flags) throws LastErrorException;
}
