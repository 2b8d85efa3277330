package org.piranha.lvsd;

import java.util.LinkedHashMap;
import java.util.Map;
import org.piranha.lvscf.VirtualService;
import org.piranha.netlink.ipvs.ServiceKey;

/** One active virtual service lvsd runs: its real servers by endpoint, and its sorry server. */
final class ServiceRuntime {

    final ServiceKey key;
    VirtualService config;
    final Map<Endpoint, ServerRuntime> servers = new LinkedHashMap<>();
    /** The sorry server's place in IPVS, or null when the service has none. */
    Endpoint sorry;
    /** The sorry server is in IPVS (put there by lvsd, or found there at start). */
    boolean sorryActive;
    /** IPVS refused the service (or a change to it): trying again is due. */
    Timers.Timer pendingRetry;

    ServiceRuntime(ServiceKey key, VirtualService config) {
        this.key = key;
        this.config = config;
    }

    String name() {
        return config.name();
    }

    String label(ServerRuntime server) {
        return config.name() + "/" + server.server.name();
    }

    /** Every real server has a verdict (or no nanny any more), so "none is up" can be believed. */
    boolean allDecided() {
        return servers.values().stream().allMatch(s -> s.decided);
    }

    void cancelRetry() {
        if (pendingRetry != null) {
            pendingRetry.cancel();
            pendingRetry = null;
        }
    }

    long upCount() {
        return servers.values().stream().filter(s -> s.health == ServerRuntime.Health.UP).count();
    }
}
