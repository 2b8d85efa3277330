package org.piranha.lvsd;

import java.util.ArrayList;
import java.util.List;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceFlag;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.Timeouts;

/**
 * IPVS changes written as the ipvsadm command that would make them, the form operators know:
 * what {@code lvsd --test-start} logs instead of making the changes, and {@code -v} logs as it
 * makes them.
 */
final class IpvsCommands {

    private IpvsCommands() {}

    static String setTimeouts(Timeouts timeouts) {
        return "ipvsadm --set " + timeouts.tcp().toSeconds() + " " + timeouts.tcpFin().toSeconds() + " "
                + timeouts.udp().toSeconds();
    }

    static String addService(Service service) {
        return "ipvsadm -A " + target(service.key()) + options(service);
    }

    static String editService(Service service) {
        return "ipvsadm -E " + target(service.key()) + options(service);
    }

    static String deleteService(ServiceKey key) {
        return "ipvsadm -D " + target(key);
    }

    static String addDestination(ServiceKey key, Destination destination) {
        return "ipvsadm -a " + target(key) + destinationOptions(destination);
    }

    static String editDestination(ServiceKey key, Destination destination) {
        return "ipvsadm -e " + target(key) + destinationOptions(destination);
    }

    static String deleteDestination(ServiceKey key, Endpoint endpoint) {
        return "ipvsadm -d " + target(key) + " -r " + endpoint;
    }

    /** {@code -t 10.6.1.214:80}, {@code -u ...}, {@code --sctp-service ...} or {@code -f 5}. */
    static String target(ServiceKey key) {
        if (key.isFwmark()) {
            return "-f " + Integer.toUnsignedString(key.fwmark()) + (key.family() == IpFamily.IPV6 ? " -6" : "");
        }
        String option = switch (key.protocol()) {
            case TCP -> "-t";
            case UDP -> "-u";
            case SCTP -> "--sctp-service";
        };
        return option + " " + new Endpoint(key.address(), key.port());
    }

    private static String options(Service service) {
        StringBuilder text = new StringBuilder(" -s ").append(service.scheduler());
        if (service.isPersistent()) {
            text.append(" -p ").append(service.persistenceTimeout());
        }
        List<String> flags = new ArrayList<>();
        if (service.flags().contains(ServiceFlag.SCHED_FALLBACK)) {
            flags.add(schedulerFlagName(service.scheduler(), "fallback", 1));
        }
        if (service.flags().contains(ServiceFlag.SCHED_PORT)) {
            flags.add(schedulerFlagName(service.scheduler(), "port", 2));
        }
        if (!flags.isEmpty()) {
            text.append(" -b ").append(String.join(",", flags));
        }
        int prefix = service.persistenceNetmask();
        if (prefix != service.key().family().maxPrefixLength()) {
            text.append(" -M ").append(service.key().family() == IpFamily.IPV6 ? Integer.toString(prefix)
                    : dottedMask(prefix));
        }
        return text.toString();
    }

    /** ipvsadm's name: {@code mh-port} for the schedulers that define it, {@code flag-2} for the others. */
    private static String schedulerFlagName(String scheduler, String meaning, int number) {
        return scheduler.equals("sh") || scheduler.equals("mh") ? scheduler + "-" + meaning : "flag-" + number;
    }

    private static String destinationOptions(Destination destination) {
        String method = switch (destination.forwarding()) {
            case MASQ -> "-m";
            case TUNNEL -> "-i";
            case ROUTE, LOCAL -> "-g";
        };
        return " -r " + Endpoint.of(destination) + " " + method + " -w " + destination.weight();
    }

    private static String dottedMask(int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (mask >>> 24) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }
}
