package org.piranha.netlink.ipvs;

import org.piranha.netlink.NetlinkException;

/**
 * An IPVS operation failed. The message names the operation and the object, e.g.
 * {@code virtual service TCP 10.6.1.214:80 does not exist}, followed by the kernel's extended-ACK
 * text when it gave one. {@link #reason()} lets callers treat "already there" and "already gone"
 * idempotently without matching errno values per command.
 */
public class IpvsException extends NetlinkException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure, independent of which command failed. */
    public enum Reason {
        /** The service, real server or sync daemon does not exist. */
        NOT_FOUND,
        /** It exists already. */
        ALREADY_EXISTS,
        /** The caller lacks CAP_NET_ADMIN. */
        PERMISSION,
        /** IPVS (or a scheduler / persistence engine module) is not in this kernel. */
        UNAVAILABLE,
        /** The kernel rejected the values (EINVAL, ERANGE, EAFNOSUPPORT). */
        INVALID,
        /** Anything else, including socket failures. */
        OTHER
    }

    private final Reason reason;

    public IpvsException(String message, Reason reason, int errno, String kernelMessage, Throwable cause) {
        super(message, errno, kernelMessage, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean isNotFound() {
        return reason == Reason.NOT_FOUND;
    }

    public boolean isAlreadyExists() {
        return reason == Reason.ALREADY_EXISTS;
    }
}
