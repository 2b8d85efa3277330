package org.piranha.sendarp;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.piranha.netlink.libc.Errno;
import org.piranha.netlink.libc.LibC;

/**
 * An AF_PACKET SOCK_RAW socket that sends whole Ethernet frames and receives nothing (protocol
 * 0), plus the interface look-ups sending needs. Errors come back as {@link ArpException}s
 * that name the interface and say what to do.
 */
public final class PacketSocket implements AutoCloseable {

    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;
    private static final long SIOCGIFHWADDR = 0x8927;
    private static final int ARPHRD_ETHER = 1;

    private final LibC libc = LibC.INSTANCE;
    private final int fd;

    private PacketSocket(int fd) {
        this.fd = fd;
    }

    /** Opens the socket; needs CAP_NET_RAW. */
    public static PacketSocket open() throws ArpException {
        try {
            return new PacketSocket(LibC.INSTANCE.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0));
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == Errno.EPERM || errno == Errno.EACCES) {
                throw new ArpException("cannot open a packet socket: " + Errno.message(errno)
                        + "; sending ARP needs CAP_NET_RAW: run as root");
            }
            throw new ArpException("cannot open a packet socket: " + Errno.message(errno));
        }
    }

    /** "eth0:1" -> "eth0": an ifconfig-style label names an address, the frame leaves by its base device. */
    public static String baseDevice(String device) {
        int colon = device.indexOf(':');
        return colon < 0 ? device : device.substring(0, colon);
    }

    /** The interface index of {@code device} (labels allowed). */
    public int index(String device) throws ArpException {
        String base = baseDevice(device);
        int index = base.isEmpty() || base.length() >= IFNAMSIZ ? 0 : libc.if_nametoindex(base);
        if (index == 0) {
            throw noSuchDevice(base);
        }
        return index;
    }

    /** The hardware address of an Ethernet {@code device} (labels allowed), by SIOCGIFHWADDR. */
    public MacAddress hardwareAddress(String device) throws ArpException {
        String base = baseDevice(device);
        byte[] ifreq = new byte[IFREQ_SIZE];
        byte[] name = base.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length >= IFNAMSIZ) {
            throw noSuchDevice(base);
        }
        System.arraycopy(name, 0, ifreq, 0, name.length);
        try {
            libc.ioctl(fd, SIOCGIFHWADDR, ifreq);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ENODEV) {
                throw noSuchDevice(base);
            }
            throw new ArpException("SIOCGIFHWADDR failed: " + base + ": " + Errno.message(e.getErrorCode()));
        }
        int family = ByteBuffer.wrap(ifreq, IFNAMSIZ, 2).order(ByteOrder.nativeOrder()).getShort() & 0xffff;
        if (family != ARPHRD_ETHER) {
            throw new ArpException(base + " is not an Ethernet interface (hardware type " + family
                    + "): ARP needs Ethernet");
        }
        byte[] mac = new byte[6];
        System.arraycopy(ifreq, IFNAMSIZ + 2, mac, 0, 6);
        return MacAddress.of(mac);
    }

    /** Sends a whole Ethernet frame (header included) out of interface {@code index}. */
    public void send(String device, int index, byte[] frame) throws ArpException {
        byte[] address = linkAddress(index, frame);
        try {
            libc.sendto(fd, frame, frame.length, 0, address, address.length);
        } catch (LastErrorException e) {
            String base = baseDevice(device);
            int errno = e.getErrorCode();
            if (errno == Errno.ENETDOWN) {
                throw new ArpException("interface " + base + " is down: bring it up with 'ip link set "
                        + base + " up'");
            }
            if (errno == Errno.ENXIO || errno == Errno.ENODEV) {
                throw new ArpException("interface " + base + " has gone away");
            }
            throw new ArpException("cannot send ARP on " + base + ": " + Errno.message(errno));
        }
    }

    /** struct sockaddr_ll (20 bytes) for sending: the kernel takes the protocol and ifindex from it. */
    private static byte[] linkAddress(int index, byte[] frame) {
        ByteBuffer address = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        address.putShort((short) LibC.AF_PACKET);
        address.order(ByteOrder.BIG_ENDIAN).putShort((short) ArpFrame.ETH_P_ARP);
        address.order(ByteOrder.nativeOrder()).putInt(index);
        address.putShort((short) ARPHRD_ETHER);
        address.put((byte) 0); // sll_pkttype
        address.put((byte) 6); // sll_halen
        address.put(frame, 0, 6); // sll_addr: the Ethernet destination
        return address.array();
    }

    private static ArpException noSuchDevice(String device) {
        return new ArpException("no such network interface: " + device + " (see 'ip link')");
    }

    @Override
    public void close() {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // nothing was buffered: a packet socket has nothing to lose on close
        }
    }
}
