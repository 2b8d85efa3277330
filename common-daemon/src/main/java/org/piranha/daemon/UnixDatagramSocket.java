package org.piranha.daemon;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import org.piranha.netlink.libc.Errno;
import org.piranha.netlink.libc.LibC;

/**
 * An unbound, non-blocking AF_UNIX datagram socket that sends to an address given per datagram
 * (the JDK only has AF_UNIX stream channels). Addressing every datagram means a receiver that
 * was restarted, such as syslog, is found again without reconnecting.
 */
final class UnixDatagramSocket implements AutoCloseable {

    /** A send that failed, with its errno. */
    static final class SendException extends IOException {
        private final int errno;

        SendException(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    private final int fd;

    private UnixDatagramSocket(int fd) {
        this.fd = fd;
    }

    static UnixDatagramSocket open() throws IOException {
        try {
            return new UnixDatagramSocket(LibC.INSTANCE.socket(LibC.AF_UNIX,
                    LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC | LibC.SOCK_NONBLOCK, 0));
        } catch (LastErrorException e) {
            throw new IOException("cannot open an AF_UNIX datagram socket: " + Errno.message(e.getErrorCode()));
        }
    }

    /** Sends one datagram without ever blocking: a full receiver fails with EAGAIN. */
    void send(UnixAddress to, byte[] datagram) throws SendException {
        byte[] address = to.sockaddr();
        try {
            LibC.INSTANCE.sendto(fd, datagram, datagram.length, LibC.MSG_NOSIGNAL | LibC.MSG_DONTWAIT,
                    address, address.length);
        } catch (LastErrorException e) {
            throw new SendException(to + ": " + Errno.message(e.getErrorCode()), e.getErrorCode());
        }
    }

    @Override
    public void close() {
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            // a datagram socket holds nothing unsent
        }
    }
}
