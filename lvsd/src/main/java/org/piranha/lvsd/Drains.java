package org.piranha.lvsd;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import org.piranha.netlink.ipvs.ServiceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real servers lvsd is removing from IPVS (dropped by a reload, or found there but not in
 * lvs.cf): each keeps weight 0 until its active connections end, {@link #LIMIT} at most, and is
 * then deleted. Runs on lvsd's event loop, like the {@link Director} that owns it.
 */
final class Drains {

    /** A removed real server is deleted when its active connections end, or after this. */
    static final Duration LIMIT = Duration.ofSeconds(60);
    static final Duration POLL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(Drains.class);

    /** A real server being removed. */
    private static final class Drain {
        final ServiceKey key;
        final Endpoint endpoint;
        final Instant deadline;
        Timers.Timer poll;

        Drain(ServiceKey key, Endpoint endpoint, Instant deadline) {
            this.key = key;
            this.endpoint = endpoint;
            this.deadline = deadline;
        }
    }

    private final Table table;
    private final Timers timers;
    private final Function<ServiceKey, String> serviceNames;
    private final Map<ServiceKey, Map<Endpoint, Drain>> drains = new LinkedHashMap<>();
    private boolean stopped;

    /** @param serviceNames how log lines name a service */
    Drains(Table table, Timers timers, Function<ServiceKey, String> serviceNames) {
        this.table = table;
        this.timers = timers;
        this.serviceNames = serviceNames;
    }

    /** Starts draining the real server, unless it is being drained already. */
    void start(ServiceKey key, Endpoint endpoint) {
        Map<Endpoint, Drain> pending = drains.computeIfAbsent(key, k -> new LinkedHashMap<>());
        if (pending.containsKey(endpoint)) {
            return;
        }
        Drain drain = new Drain(key, endpoint, timers.now().plus(LIMIT));
        pending.put(endpoint, drain);
        OptionalInt connections = table.activeConnections(key, endpoint);
        if (connections.isPresent() && connections.getAsInt() == 0) {
            finish(drain, "it has no active connections");
            return;
        }
        log.info("draining real server {} of virtual service {}: weight 0 until its active connections end"
                + " (at most {} s)", endpoint, serviceNames.apply(key), LIMIT.toSeconds());
        table.destination(key, endpoint).ifPresent(d -> table.putDestination(key, d.toBuilder().weight(0).build()));
        drain.poll = timers.after(POLL, () -> poll(drain));
    }

    /** The real servers of the service being drained. */
    Set<Endpoint> of(ServiceKey key) {
        return drains.getOrDefault(key, Map.of()).keySet();
    }

    /** Stops draining the real server and leaves it in IPVS as it is; false if it was not being drained. */
    boolean cancel(ServiceKey key, Endpoint endpoint) {
        Drain drain = drains.getOrDefault(key, Map.of()).get(endpoint);
        if (drain == null) {
            return false;
        }
        cancel(drain);
        return true;
    }

    /** Forgets every drain of the service (whose deletion takes its real servers with it). */
    void cancelAll(ServiceKey key) {
        Map<Endpoint, Drain> pending = drains.remove(key);
        if (pending != null) {
            pending.values().forEach(Drains::cancelPoll);
        }
    }

    /** Forgets every drain, for good: lvsd is shutting down. */
    void stop() {
        stopped = true;
        drains.values().forEach(map -> map.values().forEach(Drains::cancelPoll));
        drains.clear();
    }

    private void poll(Drain drain) {
        if (stopped || drains.getOrDefault(drain.key, Map.of()).get(drain.endpoint) != drain) {
            return;
        }
        OptionalInt connections = table.activeConnections(drain.key, drain.endpoint);
        if (connections.isPresent() && connections.getAsInt() == 0) {
            finish(drain, "its active connections ended");
        } else if (!timers.now().isBefore(drain.deadline)) {
            finish(drain, "the drain limit of " + LIMIT.toSeconds() + " s passed with "
                    + (connections.isPresent() ? connections.getAsInt() : "an unknown number of") + " active connections");
        } else {
            drain.poll = timers.after(POLL, () -> poll(drain));
        }
    }

    private void finish(Drain drain, String why) {
        cancel(drain);
        if (table.deleteDestination(drain.key, drain.endpoint)) {
            log.info("removed real server {} from virtual service {}: {}", drain.endpoint,
                    serviceNames.apply(drain.key), why);
        }
    }

    private void cancel(Drain drain) {
        cancelPoll(drain);
        Map<Endpoint, Drain> pending = drains.get(drain.key);
        if (pending != null) {
            pending.remove(drain.endpoint);
            if (pending.isEmpty()) {
                drains.remove(drain.key);
            }
        }
    }

    private static void cancelPoll(Drain drain) {
        if (drain.poll != null) {
            drain.poll.cancel();
        }
    }
}
