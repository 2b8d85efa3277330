package org.piranha.lvsd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.ServiceStatus;
import org.piranha.netlink.ipvs.Stats;
import org.piranha.netlink.ipvs.Timeouts;
import org.piranha.netlink.libc.Errno;

/**
 * An IPVS table in memory that answers as the kernel does (same errors for missing and
 * duplicate entries): what {@code lvsd --test-start} changes instead of the kernel's, starting
 * from a copy of it, and what the unit tests run against. Connection counts can be set by tests.
 */
final class MemoryIpvs implements IpvsTable {

    private final Map<ServiceKey, Service> services = new LinkedHashMap<>();
    private final Map<ServiceKey, Map<Endpoint, Destination>> destinations = new LinkedHashMap<>();
    private final Map<Endpoint, Integer> activeConnections = new LinkedHashMap<>();
    private Timeouts timeouts = Timeouts.ofSeconds(900, 120, 300);

    /** A copy of {@code source}'s services and real servers (connection counts not kept). */
    static MemoryIpvs copyOf(IpvsTable source) throws IpvsException {
        MemoryIpvs copy = new MemoryIpvs();
        for (ServiceStatus status : source.services()) {
            copy.addService(status.service());
            for (Destination destination : source.destinationConfigs(status.key())) {
                copy.addDestination(status.key(), destination);
            }
        }
        return copy;
    }

    @Override
    public synchronized List<ServiceStatus> services() {
        List<ServiceStatus> result = new ArrayList<>();
        services.values().forEach(s -> result.add(new ServiceStatus(s, Stats.ZERO)));
        return result;
    }

    @Override
    public synchronized List<DestinationStatus> destinations(ServiceKey key) {
        List<DestinationStatus> result = new ArrayList<>();
        destinations.getOrDefault(key, Map.of()).forEach((endpoint, d) -> result.add(
                new DestinationStatus(d, activeConnections.getOrDefault(endpoint, 0), 0, 0, Stats.ZERO)));
        return result;
    }

    @Override
    public synchronized List<Destination> destinationConfigs(ServiceKey key) {
        return new ArrayList<>(destinations.getOrDefault(key, Map.of()).values());
    }

    @Override
    public synchronized void setTimeouts(Timeouts timeouts) {
        this.timeouts = new Timeouts(
                timeouts.tcp().isZero() ? this.timeouts.tcp() : timeouts.tcp(),
                timeouts.tcpFin().isZero() ? this.timeouts.tcpFin() : timeouts.tcpFin(),
                timeouts.udp().isZero() ? this.timeouts.udp() : timeouts.udp());
    }

    synchronized Timeouts timeouts() {
        return timeouts;
    }

    @Override
    public synchronized void addService(Service service) throws IpvsException {
        if (services.containsKey(service.key())) {
            throw error("virtual service " + service.key() + " already exists", IpvsException.Reason.ALREADY_EXISTS,
                    Errno.EEXIST);
        }
        services.put(service.key(), service);
        destinations.put(service.key(), new LinkedHashMap<>());
    }

    @Override
    public synchronized void editService(Service service) throws IpvsException {
        requireService(service.key());
        services.put(service.key(), service);
    }

    @Override
    public synchronized void deleteService(ServiceKey key) throws IpvsException {
        requireService(key);
        services.remove(key);
        destinations.remove(key);
    }

    @Override
    public synchronized void addDestination(ServiceKey key, Destination destination) throws IpvsException {
        Map<Endpoint, Destination> map = requireService(key);
        Endpoint endpoint = Endpoint.of(destination);
        if (map.containsKey(endpoint)) {
            throw error("real server " + endpoint + " of virtual service " + key + " already exists",
                    IpvsException.Reason.ALREADY_EXISTS, Errno.EEXIST);
        }
        map.put(endpoint, destination);
    }

    @Override
    public synchronized void editDestination(ServiceKey key, Destination destination) throws IpvsException {
        Map<Endpoint, Destination> map = requireService(key);
        Endpoint endpoint = Endpoint.of(destination);
        requireDestination(key, map, endpoint);
        map.put(endpoint, destination);
    }

    @Override
    public synchronized void deleteDestination(ServiceKey key, Endpoint endpoint) throws IpvsException {
        Map<Endpoint, Destination> map = requireService(key);
        requireDestination(key, map, endpoint);
        map.remove(endpoint);
    }

    /** Pretends {@code endpoint} has this many active connections (for drain tests). */
    synchronized void setActiveConnections(Endpoint endpoint, int count) {
        activeConnections.put(endpoint, count);
    }

    private Map<Endpoint, Destination> requireService(ServiceKey key) throws IpvsException {
        Map<Endpoint, Destination> map = destinations.get(key);
        if (map == null) {
            throw error("virtual service " + key + " does not exist", IpvsException.Reason.NOT_FOUND, Errno.ESRCH);
        }
        return map;
    }

    private static void requireDestination(ServiceKey key, Map<Endpoint, Destination> map, Endpoint endpoint)
            throws IpvsException {
        if (!map.containsKey(endpoint)) {
            throw error("real server " + endpoint + " of virtual service " + key + " does not exist",
                    IpvsException.Reason.NOT_FOUND, Errno.ENOENT);
        }
    }

    private static IpvsException error(String message, IpvsException.Reason reason, int errno) {
        return new IpvsException(message, reason, errno, null, null);
    }
}
