package org.piranha.pulse.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What lvsd last told pulse about the real servers: for each one (by service and server name as
 * lvs.cf spells them) its state and weight, and its IPVS counters when it is in the table.
 *
 * @param at               when lvsd reported (null for {@link #NONE})
 * @param atNanos          the same on pulse's monotonic clock
 * @param tableReady       lvsd has put every active service into IPVS, with a verdict for each real server
 * @param tableServing     the table serves as well as it will before the nannies report: every active
 *                         service is in IPVS with a real server in it, or with lvsd's start-up checks over
 *                         (lvsd's {@code serving=1}; an lvsd that does not say has it as {@code ready})
 */
public record ServerReports(Instant at, long atNanos, boolean tableReady, boolean tableServing,
        Map<Key, Server> servers, Map<String, List<Drained>> drainedByService) {

    /** Nothing reported yet (or {@code --norun}): every real server is {@code unknown}. */
    public static final ServerReports NONE = new ServerReports(null, 0, false, Map.of());

    public record Key(String service, String server) {}

    /**
     * @param state    {@code up}, {@code down}, {@code quiesced}, {@code draining}, {@code slow-starting}
     * @param weight   the weight in IPVS now; empty when the server is not in IPVS
     * @param counters empty when the server is not in IPVS
     * @param checks   its health checks; empty from an lvsd that does not count them
     */
    public record Server(String state, Optional<Integer> weight, Optional<Counters> counters,
            Optional<Checks> checks) {

        public Server(String state, Optional<Integer> weight, Optional<Counters> counters) {
            this(state, weight, counters, Optional.empty());
        }
    }

    /** The real server's health checks (its nannies') since lvsd took charge of it. */
    public record Checks(long count, long failed, long micros, long lastMicros) {}

    /** IPVS's statistics of one destination, totals and rates per second as the kernel estimates them. */
    public record Counters(long activeConns, long inactiveConns, long conns, long packetsIn, long packetsOut,
            long bytesIn, long bytesOut, long connsPerSecond, long bytesInPerSecond, long bytesOutPerSecond) {}

    /** A real server lvsd is draining: lvs.cf no longer has it, so lvsd names it by its address. */
    public record Drained(String name, Server report) {}

    public ServerReports {
        servers = Map.copyOf(servers);
        drainedByService = Map.copyOf(drainedByService);
    }

    public ServerReports(Instant at, long atNanos, boolean tableReady, Map<Key, Server> servers) {
        this(at, atNanos, tableReady, tableReady, servers);
    }

    public ServerReports(Instant at, long atNanos, boolean tableReady, boolean tableServing, Map<Key, Server> servers) {
        this(at, atNanos, tableReady, tableServing, servers, drained(servers));
    }

    /** Indexed once per report, so that a status request does not search 10,000 servers per service. */
    private static Map<String, List<Drained>> drained(Map<Key, Server> servers) {
        Map<String, List<Drained>> drained = new LinkedHashMap<>();
        servers.forEach((key, server) -> {
            if (server.state().equals("draining")) {
                drained.computeIfAbsent(key.service(), k -> new ArrayList<>()).add(new Drained(key.server(), server));
            }
        });
        drained.values().forEach(list -> list.sort(java.util.Comparator.comparing(Drained::name)));
        return drained;
    }

    /** The real servers of {@code service} lvsd is draining (lvs.cf no longer has them), by name. */
    public List<Drained> draining(String service) {
        return drainedByService.getOrDefault(service, List.of());
    }

    public boolean isNone() {
        return at == null;
    }

    public Optional<Server> server(String service, String server) {
        return Optional.ofNullable(servers.get(new Key(service, server)));
    }
}
