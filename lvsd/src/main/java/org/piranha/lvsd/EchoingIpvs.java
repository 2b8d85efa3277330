package org.piranha.lvsd;

import java.util.List;
import java.util.function.Consumer;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.ServiceStatus;
import org.piranha.netlink.ipvs.Timeouts;

/** Tells each change, as an ipvsadm command line, before passing it on. Reads are not told. */
final class EchoingIpvs implements IpvsTable {

    private final IpvsTable target;
    private final Consumer<String> echo;

    EchoingIpvs(IpvsTable target, Consumer<String> echo) {
        this.target = target;
        this.echo = echo;
    }

    @Override
    public List<ServiceStatus> services() throws IpvsException {
        return target.services();
    }

    @Override
    public List<DestinationStatus> destinations(ServiceKey key) throws IpvsException {
        return target.destinations(key);
    }

    @Override
    public void setTimeouts(Timeouts timeouts) throws IpvsException {
        echo.accept(IpvsCommands.setTimeouts(timeouts));
        target.setTimeouts(timeouts);
    }

    @Override
    public void addService(Service service) throws IpvsException {
        echo.accept(IpvsCommands.addService(service));
        target.addService(service);
    }

    @Override
    public void editService(Service service) throws IpvsException {
        echo.accept(IpvsCommands.editService(service));
        target.editService(service);
    }

    @Override
    public void deleteService(ServiceKey key) throws IpvsException {
        echo.accept(IpvsCommands.deleteService(key));
        target.deleteService(key);
    }

    @Override
    public void addDestination(ServiceKey key, Destination destination) throws IpvsException {
        echo.accept(IpvsCommands.addDestination(key, destination));
        target.addDestination(key, destination);
    }

    @Override
    public void editDestination(ServiceKey key, Destination destination) throws IpvsException {
        echo.accept(IpvsCommands.editDestination(key, destination));
        target.editDestination(key, destination);
    }

    @Override
    public void deleteDestination(ServiceKey key, Endpoint endpoint) throws IpvsException {
        echo.accept(IpvsCommands.deleteDestination(key, endpoint));
        target.deleteDestination(key, endpoint);
    }
}
