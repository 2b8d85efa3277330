package org.piranha.netlink.libc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc calls that the JDK has no channel for: netlink, packet and AF_UNIX datagram sockets.
 * Sizes are {@code long} where C has size_t/ssize_t (LP64). Failures throw
 * {@link LastErrorException} carrying errno; wrap them with {@link Errno#describe}.
 */
public interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int AF_UNIX = 1;
    int AF_INET = 2;
    int AF_INET6 = 10;
    int AF_NETLINK = 16;
    int AF_PACKET = 17;

    int SOCK_STREAM = 1;
    int SOCK_DGRAM = 2;
    int SOCK_RAW = 3;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;

    int SOL_SOCKET = 1;
    int SO_SNDBUF = 7;
    int SO_RCVBUF = 8;
    int SO_RCVTIMEO = 20;
    int SO_SNDTIMEO = 21;
    int SO_SNDBUFFORCE = 32;
    int SO_RCVBUFFORCE = 33;

    int MSG_PEEK = 0x2;
    int MSG_DONTWAIT = 0x40;
    int MSG_TRUNC = 0x20;
    int MSG_NOSIGNAL = 0x4000;

    short POLLIN = 0x1;

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int EFD_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;

    int CLOCK_MONOTONIC = 1;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

    int connect(int fd, byte[] address, int addressLength) throws LastErrorException;

    int getsockname(int fd, byte[] address, int[] addressLength) throws LastErrorException;

    int setsockopt(int fd, int level, int option, byte[] value, int valueLength) throws LastErrorException;

    int getsockopt(int fd, int level, int option, byte[] value, int[] valueLength) throws LastErrorException;

    long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    long recvfrom(int fd, byte[] buffer, long length, int flags, byte[] address, int[] addressLength)
            throws LastErrorException;

    /** Sends from native memory (no copy of a Java array on each call). */
    long send(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    /** Receives into native memory (no copy of a Java array on each call). */
    long recv(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    int eventfd(int initialValue, int flags) throws LastErrorException;

    long read(int fd, byte[] buffer, long length) throws LastErrorException;

    long write(int fd, byte[] buffer, long length) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    /** Moves the calling thread (only it) into the namespace that {@code fd} refers to. */
    int setns(int fd, int namespaceType) throws LastErrorException;

    /**
     * Gives the calling thread (only it) new namespaces of the kinds in {@code flags}, e.g. a
     * network namespace of its own with CLONE_NEWNET (needs CAP_SYS_ADMIN).
     */
    int unshare(int flags) throws LastErrorException;

    /** {@code fds} holds struct pollfd entries: int fd, short events, short revents (8 bytes each). */
    int poll(byte[] fds, long count, int timeoutMillis) throws LastErrorException;

    int ioctl(int fd, long request, byte[] argument) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int if_nametoindex(String name);

    /** {@code timespec} receives struct timespec: long tv_sec, long tv_nsec (16 bytes, native order). */
    int clock_gettime(int clock, byte[] timespec) throws LastErrorException;

    Pointer strerror(int errno);
}
