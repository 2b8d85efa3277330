package org.piranha.it.netlink;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.piranha.it.support.Sh;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.IpvsBatch;
import org.piranha.netlink.ipvs.IpvsClient;
import org.piranha.netlink.ipvs.Protocol;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.rtnl.Rtnetlink;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.ServiceStatus;

/**
 * bench/ipvs runs this where kernel IPVS exists (in the VM, or in a fresh namespace): programs
 * 100 services x 100 real servers through our client (open, resolve the family, one batch), then the same rules through {@code ipvsadm -R} on a flushed table, checks both tables
 * are complete and prints the times. The last line is {@code ipvs: ours_ms=... ipvsadm_ms=... ratio=...}.
 */
public final class IpvsBenchmark {

    private static final int SERVICES = 100;
    private static final int DESTINATIONS = 100;

    public static void main(String[] args) throws Exception {
        Sh.ok("ip", "link", "add", "pjbench0", "type", "veth", "peer", "name", "pjbench1");
        Sh.ok("ip", "addr", "add", "10.0.0.254/8", "dev", "pjbench0");
        Sh.ok("ip", "link", "set", "pjbench0", "up");

        List<Service> services = new ArrayList<>();
        List<List<Destination>> destinations = new ArrayList<>();
        StringBuilder rules = new StringBuilder();
        for (int s = 0; s < SERVICES; s++) {
            ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.255.0." + (s + 1)), 80);
            Service service = Service.builder(key).scheduler("wlc").build();
            services.add(service);
            rules.append(Ipvsadm.saveLine(service)).append('\n');
            List<Destination> list = new ArrayList<>();
            for (int d = 0; d < DESTINATIONS; d++) {
                Destination destination = Destination.builder(InetAddress.getByName("10.1." + s + "." + (d + 1)), 80)
                        .weight(1 + d % 5).build();
                list.add(destination);
                rules.append(Ipvsadm.saveLine(key, destination, false)).append('\n');
            }
            destinations.add(list);
        }
        Path rulesFile = Files.createTempFile("bench", ".ipvs");
        Files.writeString(rulesFile, rules);

        // A running lvsd has loaded JNA and opened its netlink sockets long before it reconciles:
        // do that one-time work first (it is slow under emulation) and report it apart.
        long jnaStart = System.nanoTime();
        try (Rtnetlink rtnl = Rtnetlink.open()) {
            rtnl.links();
        }
        double jnaInitMs = (System.nanoTime() - jnaStart) / 1e6;

        Sh.ok("ipvsadm", "-C");
        long start = System.nanoTime();
        double openMs;
        try (IpvsClient ipvs = IpvsClient.open()) {
            openMs = (System.nanoTime() - start) / 1e6;
            IpvsBatch batch = ipvs.batch();
            for (int s = 0; s < SERVICES; s++) {
                batch.addService(services.get(s));
                for (Destination destination : destinations.get(s)) {
                    batch.addDestination(services.get(s).key(), destination);
                }
            }
            batch.execute().orThrow();
        }
        double oursMs = (System.nanoTime() - start) / 1e6;
        int ours = count();

        Sh.ok("ipvsadm", "-C");
        start = System.nanoTime();
        Process restore = new ProcessBuilder("ipvsadm", "-R").redirectInput(rulesFile.toFile())
                .redirectErrorStream(true).start();
        String output = new String(restore.getInputStream().readAllBytes());
        if (restore.waitFor() != 0) {
            throw new IllegalStateException("ipvsadm -R failed: " + output);
        }
        double ipvsadmMs = (System.nanoTime() - start) / 1e6;
        int theirs = count();

        Sh.ok("ipvsadm", "-C");
        Sh.run("ip", "link", "del", "pjbench0");
        Files.delete(rulesFile);
        int expected = SERVICES * DESTINATIONS;
        if (ours != expected || theirs != expected) {
            throw new IllegalStateException("incomplete tables: ours " + ours + ", ipvsadm " + theirs + " of " + expected);
        }
        System.out.printf(Locale.ROOT, "services=%d destinations=%d both_tables_complete=true%n", SERVICES,
                SERVICES * DESTINATIONS);
        System.out.printf(Locale.ROOT, "jna_and_first_socket_ms=%.1f (once per process, before timing) "
                + "ours_open_ms=%.1f (included)%n", jnaInitMs, openMs);
        System.out.printf(Locale.ROOT, "ipvs: ours_ms=%.1f ipvsadm_ms=%.1f ratio=%.3f%n", oursMs, ipvsadmMs,
                oursMs / ipvsadmMs);
    }

    /** Real servers in the table, read back through a dump. */
    private static int count() throws Exception {
        int total = 0;
        try (IpvsClient ipvs = IpvsClient.open()) {
            for (ServiceStatus service : ipvs.services()) {
                List<DestinationStatus> list = ipvs.destinations(service.key());
                total += list.size();
            }
        }
        return total;
    }
}
