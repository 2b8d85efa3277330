package org.piranha.netlink.ipvs;

/** The kernel has no IPVS: the "IPVS" generic netlink family does not exist, even after auto-loading. */
public final class IpvsUnavailableException extends IpvsException {

    private static final long serialVersionUID = 1L;

    static final String MESSAGE = "IPVS is not available in this kernel: load the ip_vs module";

    IpvsUnavailableException(int errno, Throwable cause) {
        super(MESSAGE, Reason.UNAVAILABLE, errno, null, cause);
    }
}
