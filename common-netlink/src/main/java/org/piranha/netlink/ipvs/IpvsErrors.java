package org.piranha.netlink.ipvs;

import java.net.InetAddress;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.libc.Errno;

/**
 * Turns a kernel errno into an {@link IpvsException} whose message names the operation and the
 * object, the way an operator would say it. The errno meanings are those of ip_vs_ctl.c.
 */
final class IpvsErrors {

    private IpvsErrors() {}

    /** Add, edit, delete, read or zero a virtual service. */
    static IpvsException service(String verb, ServiceKey key, Service service, NetlinkException e) {
        String object = "virtual service " + key;
        switch (e.errno()) {
            case Errno.ESRCH:
                return error(object + " does not exist", IpvsException.Reason.NOT_FOUND, e);
            case Errno.EEXIST:
                return error(object + " already exists", IpvsException.Reason.ALREADY_EXISTS, e);
            case Errno.ENOENT:
                if (service != null) {
                    String what = "scheduler " + service.scheduler();
                    if (service.persistenceEngine() != null) {
                        what += " or persistence engine " + service.persistenceEngine();
                    }
                    return error("cannot " + verb + " " + object + ": " + what
                            + " is not available in this kernel (module ip_vs_" + service.scheduler()
                            + (service.persistenceEngine() != null ? " or ip_vs_pe_" + service.persistenceEngine() : "")
                            + ")", IpvsException.Reason.UNAVAILABLE, e);
                }
                return generic(verb, object, e);
            default:
                return generic(verb, object, e);
        }
    }

    /** Add, edit or delete a real server of a virtual service. */
    static IpvsException destination(String verb, ServiceKey key, InetAddress address, int port, NetlinkException e) {
        String object = "real server " + ServiceKey.endpoint(address, port) + " of virtual service " + key;
        switch (e.errno()) {
            case Errno.ESRCH:
                return error("virtual service " + key + " does not exist", IpvsException.Reason.NOT_FOUND, e);
            case Errno.ENOENT:
                return error(object + " does not exist", IpvsException.Reason.NOT_FOUND, e);
            case Errno.EEXIST:
                return error(object + " already exists", IpvsException.Reason.ALREADY_EXISTS, e);
            case Errno.ERANGE:
                return error("cannot " + verb + " " + object
                        + ": the weight must not be negative and the lower threshold must not exceed the upper one",
                        IpvsException.Reason.INVALID, e);
            default:
                return generic(verb, object, e);
        }
    }

    /** Start or stop a sync daemon. */
    static IpvsException daemon(String verb, SyncState state, NetlinkException e) {
        String object = state.name().toLowerCase(java.util.Locale.ROOT) + " sync daemon";
        switch (e.errno()) {
            case Errno.EEXIST:
                return error(object + " is already running", IpvsException.Reason.ALREADY_EXISTS, e);
            case Errno.ESRCH:
                return error(object + " is not running", IpvsException.Reason.NOT_FOUND, e);
            default:
                return generic(verb, object, e);
        }
    }

    /** Anything else: "cannot flush the IPVS table: Operation not permitted ...". */
    static IpvsException generic(String verb, String object, NetlinkException e) {
        String reasonText;
        IpvsException.Reason reason;
        switch (e.errno()) {
            case Errno.EPERM:
            case Errno.EACCES:
                reasonText = "needs CAP_NET_ADMIN: run as root";
                reason = IpvsException.Reason.PERMISSION;
                break;
            case Errno.EINVAL:
            case Errno.ERANGE:
            case Errno.EAFNOSUPPORT:
                reasonText = e.detail();
                reason = IpvsException.Reason.INVALID;
                break;
            default:
                reasonText = e.detail();
                reason = IpvsException.Reason.OTHER;
        }
        return error("cannot " + verb + " " + object + ": " + reasonText, reason, e);
    }

    private static IpvsException error(String message, IpvsException.Reason reason, NetlinkException e) {
        return new IpvsException(message, reason, e.errno(), e.kernelMessage(), e);
    }
}
