package org.piranha.netlink;

import java.io.IOException;
import org.piranha.netlink.libc.Errno;

/**
 * The kernel refused a netlink request, or the socket failed. {@link #errno()} is the positive
 * errno value (0 when there is none, e.g. a timeout); {@link #kernelMessage()} is the kernel's
 * extended-ACK text, when it gave one.
 */
public class NetlinkException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String kernelMessage;

    public NetlinkException(String message, int errno, String kernelMessage) {
        super(message);
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    public NetlinkException(String message, int errno, String kernelMessage, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    /** An error the kernel returned for a request: "Operation not permitted", with its ext-ACK text. */
    public static NetlinkException fromKernel(int errno, String kernelMessage) {
        String text = Errno.message(errno);
        if (kernelMessage != null && !kernelMessage.isEmpty()) {
            text += ": " + kernelMessage;
        }
        return new NetlinkException(text, errno, kernelMessage);
    }

    public int errno() {
        return errno;
    }

    /** The kernel's extended-ACK message, or null. */
    public String kernelMessage() {
        return kernelMessage;
    }
}
