package org.piranha.netlink;

import java.io.IOException;
import org.piranha.netlink.libc.Errno;

/**
 * The kernel refused a netlink request, or the socket failed. {@link #errno()} is the positive
 * errno value (0 when there is none, e.g. a timeout); {@link #kernelMessage()} is the kernel's
 * extended-ACK text, when it gave one, and ends the message after a colon.
 */
public class NetlinkException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String detail;
    private final int errno;
    private final String kernelMessage;

    public NetlinkException(String detail, int errno, String kernelMessage) {
        this(detail, errno, kernelMessage, null);
    }

    public NetlinkException(String detail, int errno, String kernelMessage, Throwable cause) {
        super(withKernelMessage(detail, kernelMessage), cause);
        this.detail = detail;
        this.errno = errno;
        this.kernelMessage = kernelMessage == null || kernelMessage.isEmpty() ? null : kernelMessage;
    }

    /** An error the kernel returned for a request: "Operation not permitted", with its ext-ACK text. */
    public static NetlinkException fromKernel(int errno, String kernelMessage) {
        return new NetlinkException(Errno.message(errno), errno, kernelMessage);
    }

    private static String withKernelMessage(String detail, String kernelMessage) {
        return kernelMessage == null || kernelMessage.isEmpty() ? detail : detail + ": " + kernelMessage;
    }

    public int errno() {
        return errno;
    }

    /** The message without the kernel's text. */
    public String detail() {
        return detail;
    }

    /** The kernel's extended-ACK message, or null. */
    public String kernelMessage() {
        return kernelMessage;
    }
}
