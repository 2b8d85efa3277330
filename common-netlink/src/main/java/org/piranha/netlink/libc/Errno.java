package org.piranha.netlink.libc;

import com.sun.jna.LastErrorException;

/** errno values that callers react to, and their text. */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int ENXIO = 6;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMSGSIZE = 90;
    public static final int ENOPROTOOPT = 92;
    public static final int ERANGE = 34;
    public static final int ENOBUFS = 105;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ECONNREFUSED = 111;
    public static final int EOPNOTSUPP = 95;
    public static final int EPROTONOSUPPORT = 93;

    private Errno() {}

    /** The C library's text for an errno value, e.g. "No such process". */
    public static String message(int errno) {
        return LibC.INSTANCE.strerror(errno).getString(0);
    }

    /** "call: text" for a failed libc call. */
    public static String describe(String call, LastErrorException e) {
        return call + ": " + message(e.getErrorCode());
    }
}
