package org.piranha.lvsd;

import java.util.LinkedHashMap;
import java.util.Map;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;

/** The IPVS table at one moment: each service's configuration and real servers. */
record Snapshot(Map<ServiceKey, Service> services, Map<ServiceKey, Map<Endpoint, Destination>> destinations) {

    Snapshot {
        services = copy(services);
        Map<ServiceKey, Map<Endpoint, Destination>> copy = new LinkedHashMap<>();
        destinations.forEach((key, map) -> copy.put(key, copy(map)));
        destinations = copy;
    }

    static Snapshot empty() {
        return new Snapshot(Map.of(), Map.of());
    }

    static Snapshot read(IpvsTable table) throws IpvsException {
        Map<ServiceKey, Service> services = new LinkedHashMap<>();
        Map<ServiceKey, Map<Endpoint, Destination>> destinations = new LinkedHashMap<>();
        for (Service service : table.serviceConfigs()) {
            services.put(service.key(), service);
            Map<Endpoint, Destination> map = new LinkedHashMap<>();
            for (Destination destination : table.destinationConfigs(service.key())) {
                map.put(Endpoint.of(destination), destination);
            }
            destinations.put(service.key(), map);
        }
        return new Snapshot(services, destinations);
    }

    Map<Endpoint, Destination> destinations(ServiceKey key) {
        return destinations.getOrDefault(key, Map.of());
    }

    private static <K, V> Map<K, V> copy(Map<K, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
