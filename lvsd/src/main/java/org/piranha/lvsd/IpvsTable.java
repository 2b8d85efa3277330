package org.piranha.lvsd;

import java.util.ArrayList;
import java.util.List;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.ServiceStatus;
import org.piranha.netlink.ipvs.Timeouts;

/**
 * The IPVS calls lvsd makes, so that the kernel ({@link KernelIpvs}) can be replaced by a table
 * in memory ({@link MemoryIpvs}: {@code --test-start} and the unit tests). Failures are
 * {@link IpvsException}s with the kernel's meaning ({@code NOT_FOUND}, {@code ALREADY_EXISTS}, ...).
 */
interface IpvsTable {

    List<ServiceStatus> services() throws IpvsException;

    /**
     * The services as configured, without counters: what a reconcile compares, read for less
     * than {@link #services} (bench/ipvs's cold reconcile).
     */
    default List<Service> serviceConfigs() throws IpvsException {
        List<Service> configs = new ArrayList<>();
        for (ServiceStatus status : services()) {
            configs.add(status.service());
        }
        return configs;
    }

    List<DestinationStatus> destinations(ServiceKey key) throws IpvsException;

    /**
     * The real servers of a service as configured, without counts or counters: what a reconcile
     * compares, read for less than {@link #destinations} (bench/ipvs).
     */
    List<Destination> destinationConfigs(ServiceKey key) throws IpvsException;

    void setTimeouts(Timeouts timeouts) throws IpvsException;

    void addService(Service service) throws IpvsException;

    void editService(Service service) throws IpvsException;

    void deleteService(ServiceKey key) throws IpvsException;

    void addDestination(ServiceKey key, Destination destination) throws IpvsException;

    void editDestination(ServiceKey key, Destination destination) throws IpvsException;

    void deleteDestination(ServiceKey key, Endpoint endpoint) throws IpvsException;
}
