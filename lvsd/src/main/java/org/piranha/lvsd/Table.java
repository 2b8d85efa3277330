package org.piranha.lvsd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.Timeouts;
import org.piranha.netlink.libc.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change lvsd makes to IPVS goes through here. It remembers what it last read or wrote,
 * to choose between adding and editing, and treats "already there" and "already gone"
 * idempotently. A failure never escapes: it is logged with what to do about it, the caller learns
 * only that the change did not happen (and may try again later). Piranha's nanny exited on the
 * first ipvsadm error and took the whole LVS down with it; lvsd carries on. The log line starts
 * with Piranha's {@code ipvsadm failed for virtual server NAME!}, so operators' greps still match.
 */
final class Table {

    private static final Logger log = LoggerFactory.getLogger(Table.class);

    private final IpvsTable ipvs;
    private final Function<ServiceKey, String> serviceNames;
    private final Map<ServiceKey, Service> services = new LinkedHashMap<>();
    private final Map<ServiceKey, Map<Endpoint, Destination>> destinations = new LinkedHashMap<>();

    /** @param serviceNames the lvs.cf name of a virtual service, for log lines */
    Table(IpvsTable ipvs, Function<ServiceKey, String> serviceNames) {
        this.ipvs = ipvs;
        this.serviceNames = serviceNames;
    }

    /** Reads the whole table from the kernel and remembers it; empty when it cannot be read. */
    Optional<Snapshot> read() {
        try {
            Snapshot snapshot = Snapshot.read(ipvs);
            services.clear();
            destinations.clear();
            services.putAll(snapshot.services());
            snapshot.destinations().forEach((key, map) -> destinations.put(key, new LinkedHashMap<>(map)));
            return Optional.of(snapshot);
        } catch (IpvsException e) {
            log.error("cannot read the IPVS table: {}; lvsd goes on from what it last knew", e.getMessage());
            return Optional.empty();
        }
    }

    /** lvsd added (or found) the service and has not deleted it since. */
    boolean hasService(ServiceKey key) {
        return services.containsKey(key);
    }

    /** What lvsd last knew of the table. */
    Snapshot known() {
        return new Snapshot(services, destinations);
    }

    void setTimeouts(Timeouts timeouts) {
        try {
            ipvs.setTimeouts(timeouts);
        } catch (IpvsException e) {
            log.error("ipvsadm failed to set timeouts ({} {} {}): {}", timeouts.tcp().toSeconds(),
                    timeouts.tcpFin().toSeconds(), timeouts.udp().toSeconds(), e.getMessage());
        }
    }

    /** Adds the service, or changes it in place if IPVS has it with another configuration. */
    boolean putService(Service service) {
        Service present = services.get(service.key());
        if (service.equals(present)) {
            return true;
        }
        try {
            if (present == null) {
                try {
                    ipvs.addService(service);
                } catch (IpvsException e) {
                    if (!e.isAlreadyExists()) {
                        throw e;
                    }
                    ipvs.editService(service);
                }
            } else {
                try {
                    ipvs.editService(service);
                } catch (IpvsException e) {
                    if (!e.isNotFound()) {
                        throw e;
                    }
                    ipvs.addService(service);
                }
            }
        } catch (IpvsException e) {
            failed(service.key(), e, "check the virtual service's scheduler and persistence in lvs.cf");
            return false;
        }
        services.put(service.key(), service);
        destinations.computeIfAbsent(service.key(), k -> new LinkedHashMap<>());
        return true;
    }

    /** Deletes the service and its real servers; true also when it was gone already. */
    boolean deleteService(ServiceKey key) {
        try {
            ipvs.deleteService(key);
        } catch (IpvsException e) {
            if (!e.isNotFound()) {
                failed(key, e, "remove it by hand with: " + IpvsCommands.deleteService(key));
                return false;
            }
        }
        services.remove(key);
        destinations.remove(key);
        return true;
    }

    Optional<Destination> destination(ServiceKey key, Endpoint endpoint) {
        return Optional.ofNullable(destinations.getOrDefault(key, Map.of()).get(endpoint));
    }

    /** Adds the real server, or edits it in place (weight, forwarding) if IPVS has it otherwise. */
    boolean putDestination(ServiceKey key, Destination destination) {
        Endpoint endpoint = Endpoint.of(destination);
        if (destination.equals(destination(key, endpoint).orElse(null))) {
            return true;
        }
        try {
            try {
                writeDestination(key, destination);
            } catch (IpvsException e) {
                if (!serviceMissing(e) || !services.containsKey(key)) {
                    throw e;
                }
                log.warn("virtual service {} is missing from IPVS (removed by hand?): adding it again", key);
                ipvs.addService(services.get(key));
                destinations.put(key, new LinkedHashMap<>());
                writeDestination(key, destination);
            }
        } catch (IpvsException e) {
            failed(key, e, e.reason() == IpvsException.Reason.INVALID
                    ? "IPVS needs a route to the real server: give this router an address on its subnet"
                    : "check with ipvsadm -Ln");
            return false;
        }
        destinations.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(endpoint, destination);
        return true;
    }

    private void writeDestination(ServiceKey key, Destination destination) throws IpvsException {
        Endpoint endpoint = Endpoint.of(destination);
        if (destination(key, endpoint).isEmpty()) {
            try {
                ipvs.addDestination(key, destination);
            } catch (IpvsException e) {
                if (!e.isAlreadyExists()) {
                    throw e;
                }
                ipvs.editDestination(key, destination);
            }
        } else {
            try {
                ipvs.editDestination(key, destination);
            } catch (IpvsException e) {
                if (!e.isNotFound() || serviceMissing(e)) {
                    throw e;
                }
                ipvs.addDestination(key, destination);
            }
        }
    }

    /** Removes the real server; true also when it was gone already (or lvsd never saw it there). */
    boolean deleteDestination(ServiceKey key, Endpoint endpoint) {
        if (destination(key, endpoint).isEmpty()) {
            return true;
        }
        try {
            ipvs.deleteDestination(key, endpoint);
        } catch (IpvsException e) {
            if (!e.isNotFound()) {
                failed(key, e, "remove it by hand with: " + IpvsCommands.deleteDestination(key, endpoint));
                return false;
            }
        }
        Map<Endpoint, Destination> map = destinations.get(key);
        if (map != null) {
            map.remove(endpoint);
        }
        return true;
    }

    /** The real server's active connections as the kernel counts them now; empty if unknown. */
    OptionalInt activeConnections(ServiceKey key, Endpoint endpoint) {
        try {
            for (DestinationStatus status : ipvs.destinations(key)) {
                if (Endpoint.of(status.destination()).equals(endpoint)) {
                    return OptionalInt.of(status.activeConnections());
                }
            }
            return OptionalInt.of(0);
        } catch (IpvsException e) {
            log.warn("cannot count the connections of real server {} of virtual service {}: {}", endpoint, key,
                    e.getMessage());
            return OptionalInt.empty();
        }
    }

    private static boolean serviceMissing(IpvsException e) {
        return e.isNotFound() && e.errno() == Errno.ESRCH;
    }

    private void failed(ServiceKey key, IpvsException e, String advice) {
        String what = switch (e.reason()) {
            case PERMISSION -> "run lvsd as root";
            case UNAVAILABLE -> "load the missing kernel module";
            default -> advice;
        };
        log.error("ipvsadm failed for virtual server {}! {}; {}", serviceNames.apply(key), e.getMessage(), what);
    }
}
