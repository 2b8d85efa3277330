package org.piranha.lvsd;

import java.util.function.Consumer;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.Timeouts;

/** Tells each change, as an ipvsadm command line, before passing it on. Reads are not told. */
final class EchoingIpvs extends ForwardingIpvs {

    private final Consumer<String> echo;

    EchoingIpvs(IpvsTable target, Consumer<String> echo) {
        super(target);
        this.echo = echo;
    }

    @Override
    public void setTimeouts(Timeouts timeouts) throws IpvsException {
        echo.accept(IpvsCommands.setTimeouts(timeouts));
        super.setTimeouts(timeouts);
    }

    @Override
    public void addService(Service service) throws IpvsException {
        echo.accept(IpvsCommands.addService(service));
        super.addService(service);
    }

    @Override
    public void editService(Service service) throws IpvsException {
        echo.accept(IpvsCommands.editService(service));
        super.editService(service);
    }

    @Override
    public void deleteService(ServiceKey key) throws IpvsException {
        echo.accept(IpvsCommands.deleteService(key));
        super.deleteService(key);
    }

    @Override
    public void addDestination(ServiceKey key, Destination destination) throws IpvsException {
        echo.accept(IpvsCommands.addDestination(key, destination));
        super.addDestination(key, destination);
    }

    @Override
    public void editDestination(ServiceKey key, Destination destination) throws IpvsException {
        echo.accept(IpvsCommands.editDestination(key, destination));
        super.editDestination(key, destination);
    }

    @Override
    public void deleteDestination(ServiceKey key, Endpoint endpoint) throws IpvsException {
        echo.accept(IpvsCommands.deleteDestination(key, endpoint));
        super.deleteDestination(key, endpoint);
    }
}
