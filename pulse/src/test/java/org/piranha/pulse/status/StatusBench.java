package org.piranha.pulse.status;

import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.VirtualService;

/**
 * bench/status: how long pulse's status socket takes to answer (connect to end of file) for
 * SERVICES virtual services of SERVERS real servers each, every real server reported by lvsd with
 * its IPVS counters. Prints "status: key=value ...".
 */
public final class StatusBench {

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int servers = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path dir = Files.createTempDirectory("status-bench");
        Path cf = Files.writeString(dir.resolve("lvs.cf"), config(services, servers));
        LvsConfig config = LvsConfigLoader.standard().load(cf).config().orElseThrow();

        StatusBoard board = new StatusBoard(ProcessHandle.current().pid(), "bench", Instant.now(), System.nanoTime(),
                false);
        board.config(new StatusBoard.Config(cf, config, ConfigFingerprint.hash(cf), Instant.now()));
        board.role("primary", "10.0.0.1", "active", "partner dead: activating lvs", Instant.now(), System.nanoTime());
        board.partner(new StatusBoard.Partner(List.of("10.0.0.2"), 5_000_000_000L));
        board.heard(new StatusBoard.Heard(Instant.now(), System.nanoTime(), "public"));
        board.lvsd(new StatusBoard.Lvsd(true, 4242));
        Map<ServerReports.Key, ServerReports.Server> reports = new HashMap<>();
        long n = 0;
        for (VirtualService service : config.services()) {
            for (RealServer server : service.servers()) {
                n++;
                reports.put(new ServerReports.Key(service.name(), server.name()), new ServerReports.Server("up",
                        Optional.of(1), Optional.of(new ServerReports.Counters(n % 50, n % 300, n * 1000, n * 9000,
                                n * 8000, n * 900_000, n * 12_000_000, n % 20, n * 100, n * 2000))));
            }
        }
        board.reports(new ServerReports(Instant.now(), System.nanoTime(), true, reports));

        Path socket = dir.resolve("status.sock");
        try (StatusServer server = StatusServer.start(socket, new StatusDocument(board, new ConfigFingerprint()),
                Clock.systemUTC())) {
            long bytes = 0;
            for (int i = 0; i < Math.max(20, requests / 4); i++) { // warm-up, as a long-running pulse is
                bytes = ask(socket);
            }
            double[] millis = new double[requests];
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long gcBefore = gcMillis();
            long wallBefore = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                bytes = ask(socket);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            // CPU per answer (both ends, this one process) against wall time: when wall >> CPU, the
            // answer waited for a core (a loaded machine), not for pulse's code
            double cpuPerAnswer = (os.getProcessCpuTime() - cpuBefore) / 1e6 / requests;
            double wallPerAnswer = (System.nanoTime() - wallBefore) / 1e6 / requests;
            double load = os.getSystemLoadAverage();
            Arrays.sort(millis);
            System.out.printf("status: services=%d real_servers=%d requests=%d answer_bytes=%d p50_ms=%.2f"
                    + " p99_ms=%.2f max_ms=%.2f cpu_ms_per_answer=%.2f wall_ms_per_answer=%.2f gc_ms_total=%d"
                    + " load=%.1f cores=%d target_ms=50%n", services, services * servers, requests, bytes,
                    millis[requests / 2], millis[(int) Math.min(requests - 1, Math.ceil(requests * 0.99) - 1)],
                    millis[requests - 1], cpuPerAnswer, wallPerAnswer, gcMillis() - gcBefore, load,
                    Runtime.getRuntime().availableProcessors());
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static long gcMillis() {
        long total = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long ask(Path socket) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            long total = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Channels.newInputStream(channel)) {
                for (int r; (r = in.read(buffer)) > 0;) {
                    total += r;
                }
            }
            return total;
        }
    }

    static String config(int services, int servers) {
        StringBuilder cf = new StringBuilder("serial_no = 1\nprimary = 10.0.0.1\nbackup = 10.0.0.2\nbackup_active = 1\n"
                + "service = lvs\nnetwork = direct\n");
        for (int s = 0; s < services; s++) {
            cf.append("virtual svc").append(s).append(" {\n    active = 1\n    address = 10.1.")
                    .append(s / 250).append('.').append(s % 250 + 1).append(" eth0:1\n    port = 80\n");
            for (int r = 0; r < servers; r++) {
                cf.append("    server rs").append(r).append(" {\n        address = 10.2.").append(r).append('.')
                        .append(s % 250 + 1).append("\n        active = 1\n    }\n");
            }
            cf.append("}\n");
        }
        return cf.toString();
    }
}
