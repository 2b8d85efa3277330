package org.piranha.pulse;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.piranha.netlink.libc.Errno;
import org.piranha.netlink.libc.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that the partner's pulse is not running while its host is up: the partner's kernel
 * answers our heartbeat with ICMP destination unreachable / port unreachable, since nothing
 * listens on its heartbeat port. A raw ICMP socket receives a copy of every incoming ICMP
 * message (filtered in the kernel to destination unreachable); one counts only if it comes from
 * the partner's address of a path and quotes the UDP header of our heartbeat on that path (our
 * address and {@code heartbeat_port} to the partner's address and {@code heartbeat_port}).
 * Nothing is sent; the heartbeat sockets are not touched.
 *
 * <p>Reads on a daemon thread of its own and hands the latest evidence to the listener (pulse
 * hands it on to its event loop, {@link Failover#partnerPortClosed}); a flood of answers costs at
 * most one pending hand-over at a time.
 */
final class PartnerPortWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerPortWatch.class);
    private static final LibC C = LibC.INSTANCE;

    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_UDP = 17;
    private static final int SOL_RAW = 255;
    private static final int ICMP_FILTER = 1;
    private static final int ICMP_DEST_UNREACH = 3;
    private static final int ICMP_PORT_UNREACH = 3;
    /** An ICMP message with the quoted header is small; a larger datagram is cut, which is harmless. */
    private static final int BUFFER = 1500;

    /** Called on the watch's thread with the path whose heartbeat was refused, and when (System.nanoTime). */
    interface Listener {
        void portClosed(HeartbeatPaths.Path path, long at);
    }

    private final int fd;
    private final int wakeFd;
    private final List<HeartbeatPaths.Path> paths;
    private final Listener listener;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PartnerPortWatch(int fd, int wakeFd, List<HeartbeatPaths.Path> paths, Listener listener) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.paths = paths;
        this.listener = listener;
        this.thread = new Thread(this::run, "pulse-partner-port");
        this.thread.setDaemon(true);
    }

    /**
     * Opens the raw socket and starts reading; empty when no path has a partner.
     *
     * @throws IOException when the socket cannot be opened (without CAP_NET_RAW), saying why
     */
    static Optional<PartnerPortWatch> start(HeartbeatPaths paths, Listener listener) throws IOException {
        List<HeartbeatPaths.Path> watched = paths.paths().stream().filter(p -> p.partner().isPresent())
                .filter(p -> p.local().getAddress().getAddress().length == 4).toList();
        if (watched.isEmpty()) {
            return Optional.empty();
        }
        int fd;
        try {
            fd = C.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, IPPROTO_ICMP);
        } catch (LastErrorException e) {
            throw new IOException(Errno.describe("cannot open a raw ICMP socket", e));
        }
        int wakeFd = -1;
        try {
            int dropAllButUnreachable = ~(1 << ICMP_DEST_UNREACH);
            byte[] filter = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(dropAllButUnreachable).array();
            C.setsockopt(fd, SOL_RAW, ICMP_FILTER, filter, filter.length);
            wakeFd = C.eventfd(0, LibC.EFD_CLOEXEC);
        } catch (LastErrorException e) {
            C.close(fd);
            throw new IOException(Errno.describe("cannot set up the raw ICMP socket", e));
        }
        PartnerPortWatch watch = new PartnerPortWatch(fd, wakeFd, watched, listener);
        watch.thread.start();
        return Optional.of(watch);
    }

    private void run() {
        byte[] fds = new byte[16];
        ByteBuffer poll = ByteBuffer.wrap(fds).order(ByteOrder.nativeOrder());
        poll.putInt(0, fd).putShort(4, LibC.POLLIN);
        poll.putInt(8, wakeFd).putShort(12, LibC.POLLIN);
        byte[] packet = new byte[BUFFER];
        rehearse(packet);
        while (!closed.get()) {
            try {
                C.poll(fds, 2, -1);
                if (closed.get() || poll.getShort(14) != 0) {
                    return;
                }
                if (poll.getShort(6) == 0) {
                    continue;
                }
                int length = (int) C.recv(fd, packet, BUFFER, LibC.MSG_DONTWAIT);
                long at = System.nanoTime();
                refused(paths, packet, length).ifPresent(path -> listener.portClosed(path, at));
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno != Errno.EINTR && errno != Errno.EAGAIN) {
                    if (!closed.get()) {
                        LOG.warn("{}; failover waits for deadtime from now on",
                                Errno.describe("reading the raw ICMP socket failed", e));
                    }
                    return;
                }
            }
        }
    }

    /**
     * Reads and judges once before the first real message, so that it runs linked code: the
     * first call of a JNA function binds it, and the first judgement loads and links its classes
     * (a cold path cost a takeover at keepalive 0.01 milliseconds). A port unreachable for our
     * own first path, made up here, is judged (it counts: PartnerPortWatchTest); nothing is handed over.
     */
    private void rehearse(byte[] packet) {
        try {
            C.recv(fd, packet, 0, LibC.MSG_DONTWAIT | LibC.MSG_PEEK);
        } catch (LastErrorException e) {
            // EAGAIN: nothing has come yet, as expected
        }
        byte[] sample = sample(paths.get(0));
        refused(paths, sample, sample.length);
    }

    /** A port unreachable from {@code path}'s partner quoting our heartbeat on it, as the kernel would send it. */
    static byte[] sample(HeartbeatPaths.Path path) {
        InetSocketAddress partner = path.partner().orElseThrow();
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + 20 + 8).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0x45).put((byte) 0).putShort((short) b.capacity()).putInt(0).put((byte) 64)
                .put((byte) IPPROTO_ICMP).putShort((short) 0).put(partner.getAddress().getAddress())
                .put(path.local().getAddress().getAddress());
        b.put((byte) ICMP_DEST_UNREACH).put((byte) ICMP_PORT_UNREACH).putShort((short) 0).putInt(0);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 32).putInt(0).put((byte) 64).put((byte) IPPROTO_UDP)
                .putShort((short) 0).put(path.local().getAddress().getAddress()).put(partner.getAddress().getAddress());
        b.putShort((short) path.local().getPort()).putShort((short) partner.getPort()).putShort((short) 12)
                .putShort((short) 0);
        return b.array();
    }

    /**
     * The path whose heartbeat {@code packet} (an IPv4 datagram carrying ICMP, as a raw socket
     * receives it) refuses with port unreachable, if it is one.
     */
    static Optional<HeartbeatPaths.Path> refused(List<HeartbeatPaths.Path> paths, byte[] packet, int length) {
        ByteBuffer b = ByteBuffer.wrap(packet, 0, length).order(ByteOrder.BIG_ENDIAN);
        if (length < 20 || (b.get(0) & 0xf0) != 0x40 || (b.get(9) & 0xff) != IPPROTO_ICMP) {
            return Optional.empty();
        }
        int icmp = (b.get(0) & 0x0f) * 4;
        int inner = icmp + 8;
        if (length < inner + 20 || (b.get(icmp) & 0xff) != ICMP_DEST_UNREACH
                || (b.get(icmp + 1) & 0xff) != ICMP_PORT_UNREACH) {
            return Optional.empty();
        }
        if ((b.get(inner) & 0xf0) != 0x40 || (b.get(inner + 9) & 0xff) != IPPROTO_UDP) {
            return Optional.empty();
        }
        int udp = inner + (b.get(inner) & 0x0f) * 4;
        if (length < udp + 4) {
            return Optional.empty();
        }
        InetAddress from = address(packet, 12);
        InetAddress ourSource = address(packet, inner + 12);
        InetAddress ourDestination = address(packet, inner + 16);
        int sourcePort = b.getShort(udp) & 0xffff;
        int destinationPort = b.getShort(udp + 2) & 0xffff;
        for (HeartbeatPaths.Path path : paths) {
            InetAddress partner = path.partner().get().getAddress();
            int port = path.partner().get().getPort();
            if (from.equals(partner) && ourDestination.equals(partner) && destinationPort == port
                    && ourSource.equals(path.local().getAddress()) && sourcePort == path.local().getPort()) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static InetAddress address(byte[] packet, int offset) {
        try {
            return InetAddress.getByAddress(new byte[] {packet[offset], packet[offset + 1], packet[offset + 2],
                    packet[offset + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 1).array();
        try {
            C.write(wakeFd, one, 8);
            thread.join(1000);
        } catch (LastErrorException e) {
            // cannot happen with a counter of 1; the thread is a daemon either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        C.close(fd);
        C.close(wakeFd);
    }
}
