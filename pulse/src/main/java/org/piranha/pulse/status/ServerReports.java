package org.piranha.pulse.status;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What lvsd last told pulse about the real servers: for each one (by service and server name as
 * lvs.cf spells them) its state and weight, and its IPVS counters when it is in the table.
 *
 * @param at               when lvsd reported (null for {@link #NONE})
 * @param atNanos          the same on pulse's monotonic clock
 * @param tableReady       lvsd has put every active service into IPVS
 */
public record ServerReports(Instant at, long atNanos, boolean tableReady, Map<Key, Server> servers) {

    /** Nothing reported yet (or {@code --norun}): every real server is {@code unknown}. */
    public static final ServerReports NONE = new ServerReports(null, 0, false, Map.of());

    public record Key(String service, String server) {}

    /**
     * @param state    {@code up}, {@code down}, {@code quiesced}, {@code draining}, {@code slow-starting}
     * @param weight   the weight in IPVS now; empty when the server is not in IPVS
     * @param counters empty when the server is not in IPVS
     */
    public record Server(String state, Optional<Integer> weight, Optional<Counters> counters) {}

    /** IPVS's statistics of one destination, totals and rates per second as the kernel estimates them. */
    public record Counters(long activeConns, long inactiveConns, long conns, long packetsIn, long packetsOut,
            long bytesIn, long bytesOut, long connsPerSecond, long bytesInPerSecond, long bytesOutPerSecond) {}

    public ServerReports {
        servers = Map.copyOf(servers);
    }

    public boolean isNone() {
        return at == null;
    }

    public Optional<Server> server(String service, String server) {
        return Optional.ofNullable(servers.get(new Key(service, server)));
    }
}
