package org.piranha.daemon;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.piranha.netlink.libc.LibC;

/** A test's stand-in for /dev/log or systemd's notify socket: a bound AF_UNIX datagram socket. */
final class BoundDatagramSocket implements AutoCloseable {

    private final int fd;

    BoundDatagramSocket(String address) {
        fd = LibC.INSTANCE.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        byte[] sockaddr = UnixAddress.of(address).sockaddr();
        LibC.INSTANCE.bind(fd, sockaddr, sockaddr.length);
    }

    /** The next datagram, or null if none arrives within {@code timeout}. */
    String receive(Duration timeout) {
        byte[] pollfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                .putInt(fd).putShort(LibC.POLLIN).putShort((short) 0).array();
        if (LibC.INSTANCE.poll(pollfd, 1, (int) timeout.toMillis()) == 0) {
            return null;
        }
        byte[] buffer = new byte[65536];
        long length = LibC.INSTANCE.recv(fd, buffer, buffer.length, 0);
        return new String(buffer, 0, (int) length, StandardCharsets.UTF_8);
    }

    String receive() {
        String datagram = receive(Duration.ofSeconds(10));
        if (datagram == null) {
            throw new AssertionError("no datagram within 10 s");
        }
        return datagram;
    }

    /** Null if nothing is waiting: what a test expects after a line that must not be logged. */
    String poll() {
        return receive(Duration.ZERO);
    }

    @Override
    public void close() {
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            // already gone
        }
    }
}
