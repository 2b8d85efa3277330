package org.piranha.pulse;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.piranha.lvscf.Addresses;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.libc.Errno;
import org.piranha.netlink.libc.LibC;
import org.piranha.netlink.rtnl.IfAddress;
import org.piranha.netlink.rtnl.Link;
import org.piranha.netlink.rtnl.Rtnetlink;

/**
 * Ties a heartbeat socket to the interface that leads to the partner ({@code SO_BINDTODEVICE}),
 * so that the kernel delivers to it only datagrams that arrived on that interface: a datagram
 * with the partner's address forged as its source, sent from another network, never reaches
 * pulse. NIO tells a datagram's source but not the interface it came in on (no IP_PKTINFO), so
 * the kernel does this check for us.
 *
 * <p>The interface is the one that holds this router's own address of the path, when the
 * partner's address is on that interface's subnet (the usual pair on one segment, and what
 * Piranha assumed). A partner reached through a router is left unbound (checked by source
 * address only), since the route to it could go out of another interface.
 *
 * <p>NIO hides the socket's file descriptor, so it is found by its bound address among this
 * process's descriptors ({@code /proc/self/fd}, {@code getsockname}), once, at start.
 */
final class DeviceBinding {

    private static final int SO_TYPE = 3;
    private static final int SO_BINDTODEVICE = 25;

    private DeviceBinding() {}

    /** The interface to bind {@code path}'s socket to, or empty when its partner is not on-link there. */
    static Optional<String> deviceFor(Rtnetlink rtnl, HeartbeatPaths.Path path) throws NetlinkException {
        if (path.partner().isEmpty()) {
            return Optional.empty();
        }
        InetAddress own = path.local().getAddress();
        InetAddress partner = path.partner().get().getAddress();
        for (IfAddress address : rtnl.addresses()) {
            if (address.address().equals(own) && sameSubnet(own, partner, address.prefixLength())) {
                return rtnl.link(address.interfaceIndex()).map(Link::name);
            }
        }
        return Optional.empty();
    }

    static boolean sameSubnet(InetAddress a, InetAddress b, int prefixLength) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Binds this process's UDP socket bound to {@code local} to {@code device}. */
    static void bind(InetSocketAddress local, String device) throws IOException {
        int fd = descriptorOf(local.getAddress().getAddress(), local.getPort(), local);
        byte[] name = (device + "\0").getBytes(StandardCharsets.US_ASCII);
        try {
            LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, SO_BINDTODEVICE, name, name.length);
        } catch (LastErrorException e) {
            throw new IOException("cannot bind the heartbeat socket " + describe(local) + " to " + device + ": "
                    + Errno.describe("setsockopt(SO_BINDTODEVICE)", e), e);
        }
    }

    private static int descriptorOf(byte[] address, int port, InetSocketAddress local) throws IOException {
        // NIO opens IPv6 sockets where it can, so an IPv4 address may show as ::ffff:a.b.c.d
        byte[] v4 = address.length == 4 ? sockaddr(address, port) : null;
        byte[] v6 = sockaddr(address.length == 4 ? v4Mapped(address) : address, port);
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path entry : fds) {
                int fd;
                try {
                    fd = Integer.parseInt(entry.getFileName().toString());
                    if (!Files.readSymbolicLink(entry).toString().startsWith("socket:")) {
                        continue;
                    }
                } catch (NumberFormatException | IOException e) {
                    continue; // not a descriptor, or closed meanwhile
                }
                if ((v4 != null && isDatagramSocketAt(fd, v4)) || isDatagramSocketAt(fd, v6)) {
                    return fd;
                }
            }
        }
        throw new IOException("cannot find the heartbeat socket " + describe(local) + " among this process's files");
    }

    private static boolean isDatagramSocketAt(int fd, byte[] wanted) {
        try {
            byte[] type = new byte[4];
            LibC.INSTANCE.getsockopt(fd, LibC.SOL_SOCKET, SO_TYPE, type, new int[] {4});
            if (ByteBuffer.wrap(type).order(ByteOrder.nativeOrder()).getInt() != LibC.SOCK_DGRAM) {
                return false;
            }
            byte[] name = new byte[128];
            int[] length = {name.length};
            LibC.INSTANCE.getsockname(fd, name, length);
            return length[0] >= wanted.length && Arrays.equals(name, 0, wanted.length, wanted, 0, wanted.length);
        } catch (LastErrorException e) {
            return false;
        }
    }

    /** The start of the kernel's sockaddr_in / sockaddr_in6 for {@code address}: family, port, address. */
    private static byte[] sockaddr(byte[] address, int port) {
        boolean v4 = address.length == 4;
        ByteBuffer buffer = ByteBuffer.allocate(v4 ? 8 : 24);
        buffer.order(ByteOrder.nativeOrder()).putShort((short) (v4 ? LibC.AF_INET : LibC.AF_INET6));
        buffer.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
        if (!v4) {
            buffer.putInt(0); // flow info
        }
        buffer.put(address);
        return buffer.array();
    }

    private static byte[] v4Mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    private static String describe(InetSocketAddress address) {
        return Addresses.format(address.getAddress()) + ":" + address.getPort();
    }
}
