package org.piranha.it.netlink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.piranha.it.support.Sh;
import org.piranha.netlink.InetAddresses;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.Forwarding;
import org.piranha.netlink.ipvs.Protocol;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceFlag;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.TunnelType;

/**
 * ipvsadm as the oracle: runs it, and writes what it should print for a desired configuration
 * in its save (-Sn) and list (-Ln) forms. The text conventions (option order, "persistent 300
 * mask 255.255.255.0", "(sh-port)", "ops", "pe sip") are ipvsadm 1.31's, as seen on Debian 12.
 */
final class Ipvsadm {

    private Ipvsadm() {}

    static String run(String... args) {
        List<String> command = new ArrayList<>(List.of("ipvsadm"));
        command.addAll(List.of(args));
        return Sh.run(command).orThrow().out();
    }

    // --- save form (ipvsadm -Sn, and input for ipvsadm -R) ---

    static String target(ServiceKey key) {
        if (key.isFwmark()) {
            return "-f " + Integer.toUnsignedString(key.fwmark()) + (key.family() == IpFamily.IPV6 ? " -6" : "");
        }
        String option = key.protocol() == Protocol.TCP ? "-t" : key.protocol() == Protocol.UDP ? "-u" : "--sctp-service";
        return option + " " + endpoint(key.address(), key.port());
    }

    static String endpoint(java.net.InetAddress address, int port) {
        String host = InetAddresses.toText(address);
        return (address instanceof java.net.Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    static String saveLine(Service service) {
        StringBuilder line = new StringBuilder("-A ").append(target(service.key())).append(" -s ").append(service.scheduler());
        if (service.isPersistent()) {
            line.append(" -p ").append(service.persistenceTimeout());
        }
        if (service.persistenceNetmask() != service.key().family().maxPrefixLength()) {
            line.append(" -M ").append(mask(service));
        }
        String schedFlags = schedFlags(service);
        if (!schedFlags.isEmpty()) {
            line.append(" -b ").append(schedFlags);
        }
        if (service.flags().contains(ServiceFlag.ONE_PACKET)) {
            line.append(" -o");
        }
        if (service.persistenceEngine() != null) {
            line.append(" --pe ").append(service.persistenceEngine());
        }
        return line.toString();
    }

    /** The -a line; {@code withThresholds} adds -x/-y, which -R reads but -Sn does not print. */
    static String saveLine(ServiceKey key, Destination d, boolean withThresholds) {
        StringBuilder line = new StringBuilder("-a ").append(target(key)).append(" -r ")
                .append(endpoint(d.address(), d.port())).append(' ').append(forwardingOption(d.forwarding()))
                .append(" -w ").append(d.weight());
        if (withThresholds && (d.upperThreshold() != 0 || d.lowerThreshold() != 0)) {
            line.append(" -x ").append(d.upperThreshold()).append(" -y ").append(d.lowerThreshold());
        }
        if (d.forwarding() == Forwarding.TUNNEL) {
            line.append(" --tun-type ").append(d.tunnelType().name().toLowerCase(Locale.ROOT));
            if (d.tunnelType() == TunnelType.GUE) {
                line.append(" --tun-port ").append(d.tunnelPort());
            }
            if (d.tunnelType() != TunnelType.IPIP) {
                line.append(d.tunnelFlags() == 1 ? " --tun-csum" : d.tunnelFlags() == 2 ? " --tun-remcsum" : " --tun-nocsum");
            }
        }
        return line.toString();
    }

    static List<String> saveLines(Map<Service, List<Destination>> table, boolean withThresholds) {
        List<String> lines = new ArrayList<>();
        table.forEach((service, destinations) -> {
            lines.add(saveLine(service));
            destinations.forEach(d -> lines.add(saveLine(service.key(), d, withThresholds)));
        });
        return lines;
    }

    private static String forwardingOption(Forwarding forwarding) {
        switch (forwarding) {
            case MASQ:
                return "-m";
            case TUNNEL:
                return "-i";
            default:
                return "-g";
        }
    }

    private static String mask(Service service) {
        int prefix = service.persistenceNetmask();
        if (service.key().family() == IpFamily.IPV6) {
            return Integer.toString(prefix);
        }
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (mask >>> 24) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }

    private static String schedFlags(Service service) {
        String prefix = service.scheduler().equals("sh") || service.scheduler().equals("mh") ? service.scheduler() + "-" : "";
        List<String> names = new ArrayList<>();
        if (service.flags().contains(ServiceFlag.SCHED_FALLBACK)) {
            names.add(prefix.isEmpty() ? "flag-1" : prefix + "fallback");
        }
        if (service.flags().contains(ServiceFlag.SCHED_PORT)) {
            names.add(prefix.isEmpty() ? "flag-2" : prefix + "port");
        }
        if (service.flags().contains(ServiceFlag.SCHED_FLAG_3)) {
            names.add("flag-3");
        }
        return String.join(",", names);
    }

    // --- list form (ipvsadm -Ln), as service line -> its real-server lines, whitespace squeezed ---

    static String listLine(Service service) {
        ServiceKey key = service.key();
        StringBuilder line = new StringBuilder(key.isFwmark() ? key.toString() : key.protocol() + " "
                + endpoint(key.address(), key.port()));
        line.append(' ').append(service.scheduler());
        String schedFlags = schedFlags(service);
        if (!schedFlags.isEmpty()) {
            line.append(" (").append(schedFlags).append(')');
        }
        if (service.isPersistent()) {
            line.append(" persistent ").append(service.persistenceTimeout());
        }
        if (service.persistenceNetmask() != key.family().maxPrefixLength()) {
            line.append(" mask ").append(mask(service));
        }
        if (service.flags().contains(ServiceFlag.ONE_PACKET)) {
            line.append(" ops");
        }
        if (service.persistenceEngine() != null) {
            line.append(" pe ").append(service.persistenceEngine());
        }
        return line.toString();
    }

    static String listLine(Destination d, int active, int inactive) {
        String method = d.forwarding() == Forwarding.MASQ ? "Masq" : d.forwarding() == Forwarding.TUNNEL ? "Tunnel"
                : d.forwarding() == Forwarding.LOCAL ? "Local" : "Route";
        return "-> " + endpoint(d.address(), d.port()) + " " + method + " " + d.weight() + " " + active + " " + inactive;
    }

    static Map<String, Set<String>> expectedList(Map<Service, List<Destination>> table) {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        table.forEach((service, destinations) -> {
            Set<String> lines = new TreeSet<>();
            destinations.forEach(d -> lines.add(listLine(d, 0, 0)));
            expected.put(listLine(service), lines);
        });
        return expected;
    }

    /** Parses -Ln style output (any of its column sets) into service line -> real-server lines. */
    static Map<String, Set<String>> parseList(String output) {
        Map<String, Set<String>> table = new LinkedHashMap<>();
        Set<String> current = null;
        for (String raw : output.lines().toList()) {
            String line = raw.trim().replaceAll("\\s+", " ");
            if (line.isEmpty() || line.startsWith("IP Virtual Server") || line.startsWith("Prot ")
                    || line.startsWith("-> RemoteAddress")) {
                continue;
            }
            if (line.startsWith("->")) {
                current.add(line);
            } else {
                current = new TreeSet<>();
                table.put(line, current);
            }
        }
        return table;
    }
}
