package org.piranha.it.lvsd;

import java.util.ArrayList;
import java.util.List;
import org.piranha.it.support.Netns;

/** ipvsadm, the oracle nobody here wrote, run in a namespace. */
final class Ipvsadm {

    private Ipvsadm() {}

    /**
     * {@code ipvsadm -Ln} without headers and counters, blanks squeezed, services in text order
     * (the kernel lists them in hash order), each followed by its real servers in text order:
     * "TCP 10.6.1.214:80 wlc persistent 600", "-> 10.6.1.221:80 Route 1".
     */
    static List<String> list(Netns netns) {
        java.util.TreeMap<String, List<String>> services = new java.util.TreeMap<>();
        List<String> reals = null;
        for (String raw : netns.ok("ipvsadm", "-Ln").lines().toList()) {
            String line = raw.trim().replaceAll("\\s+", " ");
            if (line.isEmpty() || line.startsWith("IP Virtual Server") || line.startsWith("Prot ")
                    || line.startsWith("-> RemoteAddress")) {
                continue;
            }
            if (line.startsWith("->")) {
                String[] f = line.split(" ");
                reals.add(f[0] + " " + f[1] + " " + f[2] + " " + f[3]);
            } else {
                reals = new ArrayList<>();
                services.put(line, reals);
            }
        }
        List<String> result = new ArrayList<>();
        services.forEach((service, lines) -> {
            result.add(service);
            lines.sort(null);
            result.addAll(lines);
        });
        return result;
    }

    /** ActiveConn of one real server ("10.6.1.221:80") in the -Ln listing; -1 when absent. */
    static int activeConnections(Netns netns, String service, String real) {
        boolean inService = false;
        for (String raw : netns.ok("ipvsadm", "-Ln").lines().toList()) {
            String line = raw.trim().replaceAll("\\s+", " ");
            if (!line.startsWith("->")) {
                inService = line.startsWith(service + " ");
            } else if (inService && line.startsWith("-> " + real + " ")) {
                return Integer.parseInt(line.split(" ")[4]);
            }
        }
        return -1;
    }
}
