package org.piranha.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.piranha.netlink.libc.Errno;
import org.piranha.netlink.libc.LibC;
import org.piranha.netlink.libc.LibCDirect;

/**
 * One AF_NETLINK socket: open, send datagrams, receive datagrams, close. It turns on extended
 * ACKs (the kernel's error text) and capped ACKs (errors do not echo the whole request), and asks
 * for a large receive buffer so that bursts of replies are not dropped.
 *
 * <p>Not thread-safe by itself: {@link NetlinkChannel} serialises requests on it, and a
 * {@code receive} loop belongs to one thread. {@link #wakeup()} may be called from any thread.
 */
public final class NetlinkSocket implements Closeable {

    private static final LibC C = LibC.INSTANCE;
    /** Datagrams from the kernel are at most 32 KiB for dumps; events and ACKs are small. */
    private static final int RECEIVE_BUFFER = 64 * 1024;
    /** What we ask the kernel to queue for us: room for thousands of ACKs or events. */
    private static final int SOCKET_RECEIVE_BUFFER = 4 * 1024 * 1024;
    /** The largest datagram the kernel takes is the send buffer: room for thousands of requests. */
    private static final int SOCKET_SEND_BUFFER = 1024 * 1024;

    private final int fd;
    private final int wakeFd;
    private final int protocol;
    private final int portId;
    private final Memory receiveBuffer = new Memory(RECEIVE_BUFFER);
    /** Each datagram is copied here at once: the parsers read Java arrays (see NativeBytes). */
    private final byte[] received = new byte[RECEIVE_BUFFER];
    private Memory sendBuffer = new Memory(16 * 1024);
    private volatile boolean closed;

    private NetlinkSocket(int fd, int wakeFd, int protocol, int portId) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.protocol = protocol;
        this.portId = portId;
    }

    /**
     * Opens a socket for {@code protocol} ({@link Netlink#NETLINK_ROUTE}, {@link Netlink#NETLINK_GENERIC})
     * in the network namespace of the calling thread; the socket stays in that namespace for life.
     */
    public static NetlinkSocket open(int protocol) throws NetlinkException {
        int fd;
        try {
            fd = C.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            throw failure("cannot open a netlink socket (protocol " + protocol + ")", e);
        }
        int wakeFd = -1;
        try {
            setInt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1);
            setInt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1);
            try {
                setInt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, SOCKET_RECEIVE_BUFFER);
            } catch (LastErrorException e) {
                // without CAP_NET_ADMIN the kernel caps this at net.core.rmem_max
                setInt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
            }
            try {
                setInt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUFFORCE, SOCKET_SEND_BUFFER);
            } catch (LastErrorException e) {
                setInt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, SOCKET_SEND_BUFFER); // capped at net.core.wmem_max
            }
            byte[] address = sockaddr(0, 0);
            C.bind(fd, address, address.length);
            int[] length = {address.length};
            C.getsockname(fd, address, length);
            int portId = ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).getInt(4);
            wakeFd = C.eventfd(0, LibC.EFD_CLOEXEC);
            return new NetlinkSocket(fd, wakeFd, protocol, portId);
        } catch (LastErrorException e) {
            C.close(fd);
            if (wakeFd >= 0) {
                C.close(wakeFd);
            }
            throw failure("cannot set up a netlink socket (protocol " + protocol + ")", e);
        }
    }

    /** Subscribes to a multicast group by number (e.g. RTNLGRP_LINK = 1). */
    public void joinGroup(int group) throws NetlinkException {
        try {
            setInt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group);
        } catch (LastErrorException e) {
            throw failure("cannot join netlink group " + group, e);
        }
    }

    /** How long a {@link #receive()} waits before it gives up and returns null. */
    public void setReceiveTimeout(Duration timeout) throws NetlinkException {
        ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        timeval.putLong(0, timeout.getSeconds());
        timeval.putLong(8, timeout.getNano() / 1000);
        try {
            C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeval.array(), 16);
        } catch (LastErrorException e) {
            throw failure("cannot set the receive timeout", e);
        }
    }

    /**
     * The bytes the kernel lets queue for this socket ({@code SO_RCVBUF}: twice what was asked,
     * capped by net.core.rmem_max without CAP_NET_ADMIN). Replies beyond it are dropped (ENOBUFS).
     */
    public int receiveBufferBytes() throws NetlinkException {
        return getInt(LibC.SO_RCVBUF, "receive");
    }

    /** The largest datagram the kernel accepts from this socket ({@code SO_SNDBUF} less its 32-byte margin). */
    public int maxDatagramBytes() throws NetlinkException {
        return getInt(LibC.SO_SNDBUF, "send") - 32;
    }

    private int getInt(int option, String which) throws NetlinkException {
        byte[] value = new byte[4];
        int[] length = {4};
        try {
            C.getsockopt(fd, LibC.SOL_SOCKET, option, value, length);
        } catch (LastErrorException e) {
            throw failure("cannot read the " + which + " buffer size", e);
        }
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
    }

    /** The port id the kernel gave this socket: replies and errors carry it. */
    public int portId() {
        return portId;
    }

    public int protocol() {
        return protocol;
    }

    /** Sends one datagram (one or more messages) to the kernel. */
    public void send(byte[] datagram, int length) throws NetlinkException {
        send(datagram, 0, length);
    }

    /** Sends {@code length} bytes of {@code data} from {@code offset} as one datagram. */
    public void send(byte[] data, int offset, int length) throws NetlinkException {
        if (sendBuffer.size() < length) {
            sendBuffer = new Memory(Math.max(length, sendBuffer.size() * 2));
        }
        sendBuffer.write(0, data, offset, length);
        while (true) {
            try {
                long sent = LibCDirect.send(fd, sendBuffer, length, 0);
                if (sent != length) {
                    throw new NetlinkException("netlink send was cut short: " + sent + " of " + length
                            + " bytes", 0, null);
                }
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw failure("netlink send failed", e);
                }
            }
        }
    }

    /**
     * Receives one datagram, waiting at most the receive timeout. Returns a native-order view of
     * it that stays valid only until the next receive on this socket, or null on timeout.
     *
     * @throws NetlinkException with errno ENOBUFS when the kernel dropped messages because our
     *         receive queue was full
     */
    public ByteBuffer receive() throws NetlinkException {
        return receive(0);
    }

    /** Like {@link #receive()}, but returns null at once when nothing is queued. */
    public ByteBuffer receiveNow() throws NetlinkException {
        return receive(LibC.MSG_DONTWAIT);
    }

    private ByteBuffer receive(int flags) throws NetlinkException {
        while (true) {
            try {
                long length = LibCDirect.recv(fd, receiveBuffer, RECEIVE_BUFFER, flags | LibC.MSG_TRUNC);
                if (length > RECEIVE_BUFFER) {
                    throw new NetlinkException("a netlink datagram of " + length + " bytes exceeds the "
                            + RECEIVE_BUFFER + "-byte receive buffer", Errno.EMSGSIZE, null);
                }
                receiveBuffer.read(0, received, 0, (int) length);
                return ByteBuffer.wrap(received, 0, (int) length).order(ByteOrder.nativeOrder());
            } catch (LastErrorException e) {
                switch (e.getErrorCode()) {
                    case Errno.EINTR:
                        continue;
                    case Errno.EAGAIN:
                        return null;
                    default:
                        throw failure("netlink receive failed", e);
                }
            }
        }
    }

    /**
     * Waits until a datagram is queued (true), or until {@link #wakeup()} or the timeout (false).
     * A negative timeout waits without limit.
     */
    public boolean awaitReadable(long timeoutMillis) throws NetlinkException {
        byte[] fds = new byte[16];
        ByteBuffer poll = ByteBuffer.wrap(fds).order(ByteOrder.nativeOrder());
        poll.putInt(0, fd).putShort(4, LibC.POLLIN);
        poll.putInt(8, wakeFd).putShort(12, LibC.POLLIN);
        while (true) {
            try {
                int ready = C.poll(fds, 2, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
                if (ready == 0) {
                    return false;
                }
                if (poll.getShort(14) != 0) {
                    C.read(wakeFd, new byte[8], 8);
                    return false;
                }
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw failure("poll on a netlink socket failed", e);
                }
            }
        }
    }

    /** Makes a thread blocked in {@link #awaitReadable} return false. */
    public void wakeup() {
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 1).array();
        try {
            C.write(wakeFd, one, 8);
        } catch (LastErrorException e) {
            // the counter is saturated or the fd is gone: either way the poller wakes or has stopped
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            C.close(fd);
            C.close(wakeFd);
        }
    }

    private static void setInt(int fd, int level, int option, int value) {
        byte[] bytes = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        C.setsockopt(fd, level, option, bytes, 4);
    }

    /** struct sockaddr_nl: family, pad, port id, groups. */
    private static byte[] sockaddr(int portId, int groups) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .putShort((short) LibC.AF_NETLINK).putShort((short) 0).putInt(portId).putInt(groups)
                .array();
    }

    private static NetlinkException failure(String what, LastErrorException e) {
        return new NetlinkException(Errno.describe(what, e), e.getErrorCode(), null, e);
    }
}
