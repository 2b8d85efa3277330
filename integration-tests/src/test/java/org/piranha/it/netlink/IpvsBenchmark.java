package org.piranha.it.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.ToDoubleFunction;
import org.piranha.it.support.Sh;
import org.piranha.netlink.GenericNetlink;
import org.piranha.netlink.MessageWriter;
import org.piranha.netlink.Netlink;
import org.piranha.netlink.NetlinkChannel;
import org.piranha.netlink.NetlinkMessage;
import org.piranha.netlink.NetlinkSocket;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationMatch;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.IpvsBatch;
import org.piranha.netlink.ipvs.IpvsClient;
import org.piranha.netlink.ipvs.Protocol;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.rtnl.Rtnetlink;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.ServiceStatus;
import org.piranha.netlink.libc.LibC;

/**
 * bench/ipvs runs this where kernel IPVS exists (in the VM, or in a fresh namespace), in rounds.
 * Each round programs 100 services x 100 real servers through our client (open, resolve the
 * family, one batch), reconciles that table with the same rules as lvsd does at start (dump every
 * service and its real servers' configurations matched with the wanted ones, send what differs: nothing), then programs the same rules
 * through {@code ipvsadm -R}, each tool in a network namespace of its own (no flushed real servers in
 * the kernel's trash), and checks both tables are complete. The first
 * round is the cold one (a JVM that has never run this code, as at lvsd's start); the machine's
 * other load makes single figures noisy, so the last line gives the medians over the rounds:
 * {@code ipvs: ours_ms=... ipvsadm_ms=... ratio=... reconcile_ms=... reconcile_ratio=... cold_ratio=... cold_reconcile_ratio=...}.
 */
public final class IpvsBenchmark {

    private static final int SERVICES = 100;
    private static final int DESTINATIONS = 100;
    private static final int ROUNDS = 3;

    /**
     * Where one reconcile's time went: the service dump, the real-server dumps (read and matched
     * with the wanted servers), the rest (the comparison).
     */
    private record ReconcilePhases(double servicesMs, double destinationsMs, double compareMs) {}

    /** One round's times. */
    private record Round(double oursMs, double openMs, double reconcileMs, ReconcilePhases phases, RawDump raw,
            double ipvsadmMs) {
        double ratio() {
            return oursMs / ipvsadmMs;
        }

        double reconcileRatio() {
            return reconcileMs / ipvsadmMs;
        }
    }

    /** The benchmark's link, in whichever namespace runs it. */
    private static final String LINK = "ip link add pjbench0 type veth peer name pjbench1"
            + " && ip addr add 10.0.0.254/8 dev pjbench0 && ip link set pjbench0 up";

    public static void main(String[] args) throws Exception {
        Sh.ok("sh", "-c", LINK);

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

        // The first service with a scheduler makes the kernel load that scheduler's module (a
        // modprobe, slow under emulation); ipvsadm -R only ever ran after ours and never paid for
        // it, so it is loaded before anything is timed, for both.
        long moduleStart = System.nanoTime();
        Sh.ok("ipvsadm", "-A", "-t", "10.255.255.254:80", "-s", "wlc");
        Sh.ok("ipvsadm", "-D", "-t", "10.255.255.254:80");
        double moduleMs = (System.nanoTime() - moduleStart) / 1e6;

        // A running lvsd has loaded JNA and opened its netlink sockets long before it reconciles:
        // do that one-time work first (it is slow under emulation) and report it apart.
        long jnaStart = System.nanoTime();
        try (Rtnetlink rtnl = Rtnetlink.open()) {
            rtnl.links();
        }
        double jnaInitMs = (System.nanoTime() - jnaStart) / 1e6;

        List<Round> rounds = new ArrayList<>();
        try {
            for (int r = 1; r <= ROUNDS; r++) {
                Round round = round(services, destinations, rulesFile);
                rounds.add(round);
                System.out.printf(Locale.ROOT, "round %d%s: ours_ms=%.1f (open_ms=%.1f included) ipvsadm_ms=%.1f "
                                + "ratio=%.3f reconcile_ms=%.1f reconcile_ratio=%.3f%n", r, r == 1 ? " (cold)" : "",
                        round.oursMs(), round.openMs(), round.ipvsadmMs(), round.ratio(), round.reconcileMs(),
                        round.reconcileRatio());
                System.out.printf(Locale.ROOT, "  reconcile phases: services_ms=%.1f destinations_ms=%.1f (read and "
                                + "matched) compare_ms=%.1f; the same real-server dumps unparsed, after it: %.1f ms, "
                                + "%d datagrams, %d bytes%n", round.phases().servicesMs(),
                        round.phases().destinationsMs(), round.phases().compareMs(), round.raw().ms(),
                        round.raw().datagrams(), round.raw().bytes());
            }
        } finally {
            Sh.run("ipvsadm", "-C");
            Sh.run("ip", "link", "del", "pjbench0");
            Files.delete(rulesFile);
        }
        System.out.printf(Locale.ROOT, "services=%d destinations=%d rounds=%d both_tables_complete=true%n", SERVICES,
                SERVICES * DESTINATIONS, ROUNDS);
        System.out.printf(Locale.ROOT, "jna_and_first_socket_ms=%.1f (once per process, before timing)%n", jnaInitMs);
        System.out.printf(Locale.ROOT, "scheduler_module_ms=%.1f (ipvsadm adding and deleting a wlc service, before timing)%n",
                moduleMs);
        Round cold = rounds.get(0);
        System.out.printf(Locale.ROOT, "ipvs: ours_ms=%.1f ipvsadm_ms=%.1f ratio=%.3f reconcile_ms=%.1f "
                        + "reconcile_ratio=%.3f cold_ratio=%.3f cold_reconcile_ratio=%.3f%n",
                median(rounds, Round::oursMs), median(rounds, Round::ipvsadmMs), median(rounds, Round::ratio),
                median(rounds, Round::reconcileMs), median(rounds, Round::reconcileRatio), cold.ratio(),
                cold.reconcileRatio());
    }

    /**
     * One round, each tool in a network namespace of its own, made for it: a flushed real server
     * waits in its namespace's trash for minutes, and every real-server add searches that list
     * (ip_vs_trash_get_dest), so a table added right after a flush of 10,000 pays for the flush's
     * leftovers (about 0.9 s of ours under emulation); a fresh namespace has none, as a director's
     * first table after boot.
     */
    private static Round round(List<Service> services, List<List<Destination>> destinations, Path rulesFile)
            throws Exception {
        Round ours = inOwnNamespace(() -> ours(services, destinations));
        double ipvsadmMs = ipvsadmInOwnNamespace(rulesFile);
        return new Round(ours.oursMs(), ours.openMs(), ours.reconcileMs(), ours.phases(), ours.raw(), ipvsadmMs);
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work} on a thread of its own in a network namespace of its own (gone with the thread). */
    private static <T> T inOwnNamespace(Work<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                LibC.INSTANCE.unshare(LibC.CLONE_NEWNET);
                Sh.ok("sh", "-c", LINK); // a child starts in its parent thread's namespace
                result.complete(work.run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "bench in its own namespace");
        thread.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Our client: program the table, reconcile it, read it unparsed, check it is complete. */
    private static Round ours(List<Service> services, List<List<Destination>> destinations) throws Exception {
        long start = System.nanoTime();
        double openMs;
        double oursMs;
        double reconcileMs;
        int changes;
        ReconcilePhases phases;
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
            oursMs = (System.nanoTime() - start) / 1e6;

            // made before the clock starts: its class is loaded from target/test-classes, over 9p in the VM
            ReconcileTimer timer = new ReconcileTimer();
            start = System.nanoTime();
            changes = reconcile(ipvs, services, destinations, timer);
            reconcileMs = (System.nanoTime() - start) / 1e6;
            phases = timer.phases(reconcileMs);
        }
        RawDump raw = RawDump.of(services);
        if (changes != 0) {
            throw new IllegalStateException("the reconcile found " + changes + " changes to make in the table it was given");
        }
        int ours = count();
        int listed = (int) Sh.ok("ipvsadm", "-Ln").lines().filter(l -> l.trim().startsWith("->")
                && !l.contains("RemoteAddress")).count();
        if (ours != SERVICES * DESTINATIONS || listed != ours) {
            throw new IllegalStateException("incomplete table: ours " + ours + " (ipvsadm -Ln: " + listed + ") of "
                    + SERVICES * DESTINATIONS);
        }
        return new Round(oursMs, openMs, reconcileMs, phases, raw, Double.NaN);
    }

    /**
     * {@code ipvsadm -R} in a namespace of its own ({@code unshare --net}), timed by the shell
     * around ipvsadm alone; the table is counted with {@code ipvsadm -Ln} there.
     */
    private static double ipvsadmInOwnNamespace(Path rulesFile) throws Exception {
        String script = LINK + " && t0=$(date +%s%N) && ipvsadm -R < '" + rulesFile + "' && t1=$(date +%s%N)"
                + " && echo \"$((t1 - t0)) $(ipvsadm -Ln | grep -c -- '  ->')\"";
        String[] answer = Sh.ok("unshare", "--net", "sh", "-c", script).trim().split(" ");
        int theirs = Integer.parseInt(answer[1]) - 1; // the heading "-> RemoteAddress:Port ..." counts too
        if (theirs != SERVICES * DESTINATIONS) {
            throw new IllegalStateException("incomplete table: ipvsadm " + theirs + " of " + SERVICES * DESTINATIONS);
        }
        return Long.parseLong(answer[0]) / 1e6;
    }

    /**
     * What lvsd does at start with a table left behind: read every service, then the real servers
     * of the wanted ones that are there (matched with the wanted servers), compare them with the
     * wanted ones and send the differences as one batch. Returns how many changes it sent. The
     * dumps are timed as a whole: a clock read costs about 0.15 ms in the VM, and two per service
     * were 29-31 ms of a warm round's "rest" (compare_ms). No lambdas or method references: a
     * cold JVM links each at its first call (a bootstrap that spins a class), the benchmark's own
     * cost, not lvsd's, whose are in its class-data archive.
     */
    private static int reconcile(IpvsClient ipvs, List<Service> services, List<List<Destination>> destinations,
            ReconcileTimer timer) throws Exception {
        Map<ServiceKey, Service> present = new HashMap<>();
        long start = System.nanoTime();
        for (Service service : ipvs.serviceConfigs()) {
            present.put(service.key(), service);
        }
        timer.servicesNs = System.nanoTime() - start;
        IpvsBatch changes = ipvs.batch();
        List<ServiceKey> keys = new ArrayList<>();
        List<List<Destination>> wanted = new ArrayList<>();
        for (int s = 0; s < services.size(); s++) {
            Service service = services.get(s);
            Service found = present.remove(service.key());
            if (found == null) {
                changes.addService(service);
                for (Destination destination : destinations.get(s)) {
                    changes.addDestination(service.key(), destination);
                }
                continue;
            }
            if (!found.equals(service)) {
                changes.editService(service);
            }
            keys.add(service.key());
            wanted.add(destinations.get(s));
        }
        List<DestinationMatch> matches = new ArrayList<>(keys.size());
        start = System.nanoTime();
        for (int s = 0; s < keys.size(); s++) {
            matches.add(ipvs.destinationConfigs(keys.get(s), wanted.get(s)));
        }
        timer.destinationsNs = System.nanoTime() - start;
        for (int s = 0; s < keys.size(); s++) {
            DestinationMatch match = matches.get(s);
            if (match.asWanted()) {
                continue;
            }
            ServiceKey key = keys.get(s);
            for (int d = 0; d < match.wanted().size(); d++) {
                if (match.found(d) == null) {
                    changes.addDestination(key, match.wanted().get(d));
                } else if (!match.matches(d)) {
                    changes.editDestination(key, match.wanted().get(d));
                }
            }
            for (Destination stray : match.unwanted()) {
                changes.deleteDestination(key, stray.address(), stray.port());
            }
        }
        for (ServiceKey unwanted : present.keySet()) {
            changes.deleteService(unwanted);
        }
        int count = changes.size();
        changes.execute().orThrow();
        return count;
    }

    /**
     * The reconcile's real-server dumps again, on a socket of their own, without parsing a single
     * real server: what the reads alone cost, and how many datagrams the kernel sent.
     */
    private record RawDump(double ms, int datagrams, long bytes) {

        private static final int CMD_GET_DEST = 8;
        private static final int ATTR_SERVICE = 1;

        static RawDump of(List<Service> services) throws Exception {
            try (NetlinkChannel channel = NetlinkChannel.open(Netlink.NETLINK_GENERIC)) {
                int family = GenericNetlink.resolve(channel, "IPVS").id();
                NetlinkSocket socket = channel.socket();
                MessageWriter writer = new MessageWriter(256);
                int datagrams = 0;
                long bytes = 0;
                long start = System.nanoTime();
                int sequence = 1;
                for (Service service : services) {
                    ServiceKey key = service.key();
                    int seq = sequence++;
                    writer.reset();
                    GenericNetlink.request(family, CMD_GET_DEST, 1, 0, w -> {
                        w.beginNested(ATTR_SERVICE);
                        w.addU16(1, key.family().number());
                        w.addU16(2, key.protocol().number());
                        byte[] address = new byte[16];
                        byte[] raw = key.address().getAddress();
                        System.arraycopy(raw, 0, address, 0, raw.length);
                        w.addBytes(3, address);
                        w.addBe16(4, key.port());
                        w.endNested();
                    }).writeTo(writer, Netlink.NLM_F_DUMP, seq, 0);
                    socket.send(writer.array(), writer.length());
                    boolean done = false;
                    while (!done) {
                        ByteBuffer datagram = socket.receive();
                        datagrams++;
                        bytes += datagram.remaining();
                        for (NetlinkMessage message : NetlinkMessage.parseAll(datagram)) {
                            if (message.sequence() == seq && (message.type() == Netlink.NLMSG_DONE
                                    || message.type() == Netlink.NLMSG_ERROR)) {
                                done = true;
                            }
                        }
                    }
                }
                return new RawDump((System.nanoTime() - start) / 1e6, datagrams, bytes);
            }
        }
    }

    /** Nanoseconds spent in the reconcile's dumps; the rest of its time is the comparison. */
    private static final class ReconcileTimer {
        long servicesNs;
        long destinationsNs;

        ReconcilePhases phases(double totalMs) {
            double servicesMs = servicesNs / 1e6;
            double destinationsMs = destinationsNs / 1e6;
            return new ReconcilePhases(servicesMs, destinationsMs, totalMs - servicesMs - destinationsMs);
        }
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> value) {
        double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
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
