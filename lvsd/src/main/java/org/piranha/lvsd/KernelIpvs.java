package org.piranha.lvsd;

import java.util.List;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.IpvsClient;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.ServiceStatus;
import org.piranha.netlink.ipvs.Timeouts;

/** The kernel's IPVS table, over generic netlink. */
final class KernelIpvs implements IpvsTable {

    private final IpvsClient client;

    KernelIpvs(IpvsClient client) {
        this.client = client;
    }

    @Override
    public List<ServiceStatus> services() throws IpvsException {
        return client.services();
    }

    @Override
    public List<Service> serviceConfigs() throws IpvsException {
        return client.serviceConfigs();
    }

    @Override
    public List<DestinationStatus> destinations(ServiceKey key) throws IpvsException {
        return client.destinations(key);
    }

    @Override
    public List<Destination> destinationConfigs(ServiceKey key) throws IpvsException {
        return client.destinationConfigs(key);
    }

    @Override
    public void setTimeouts(Timeouts timeouts) throws IpvsException {
        client.setTimeouts(timeouts);
    }

    @Override
    public void addService(Service service) throws IpvsException {
        client.addService(service);
    }

    @Override
    public void editService(Service service) throws IpvsException {
        client.editService(service);
    }

    @Override
    public void deleteService(ServiceKey key) throws IpvsException {
        client.deleteService(key);
    }

    @Override
    public void addDestination(ServiceKey key, Destination destination) throws IpvsException {
        client.addDestination(key, destination);
    }

    @Override
    public void editDestination(ServiceKey key, Destination destination) throws IpvsException {
        client.editDestination(key, destination);
    }

    @Override
    public void deleteDestination(ServiceKey key, Endpoint endpoint) throws IpvsException {
        client.deleteDestination(key, endpoint.address(), endpoint.port());
    }
}
