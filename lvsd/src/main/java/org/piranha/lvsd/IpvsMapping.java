package org.piranha.lvsd;

import java.net.InetAddress;
import org.piranha.lvscf.ForwardingMethod;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.SchedulerFlag;
import org.piranha.lvscf.ServiceIdentity;
import org.piranha.lvscf.VirtualService;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.Forwarding;
import org.piranha.netlink.ipvs.Protocol;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceFlag;
import org.piranha.netlink.ipvs.ServiceKey;

/** How lvs.cf's virtual services and real servers become IPVS services and destinations. */
final class IpvsMapping {

    private IpvsMapping() {}

    static ServiceKey key(VirtualService service) {
        ServiceIdentity identity = service.identity();
        if (identity instanceof ServiceIdentity.Fwmark fwmark) {
            return ServiceKey.fwmark(fwmark.ipv6() ? IpFamily.IPV6 : IpFamily.IPV4, fwmark.mark());
        }
        ServiceIdentity.Address address = (ServiceIdentity.Address) identity;
        return ServiceKey.of(protocol(address.protocol()), address.address(), address.port());
    }

    static Protocol protocol(org.piranha.lvscf.Protocol protocol) {
        return switch (protocol) {
            case TCP -> Protocol.TCP;
            case UDP -> Protocol.UDP;
        };
    }

    /**
     * {@code ipvsadm -A ... -s SCHEDULER [-p PERSISTENT] [-M PMASK]}, as Piranha's lvsd ran it, with
     * {@code -b FLAGS} for {@code scheduler_flags}.
     */
    static Service service(VirtualService service) {
        Service.Builder builder = Service.builder(key(service)).scheduler(service.scheduler())
                .persistent(Math.max(0, service.persistent()));
        service.effectivePmask().ifPresent(mask -> builder.persistenceNetmask(mask.prefixLength()));
        for (SchedulerFlag flag : service.schedulerFlags()) {
            builder.flag(flag.kernelFlag() == 1 ? ServiceFlag.SCHED_FALLBACK : ServiceFlag.SCHED_PORT);
        }
        return builder.build();
    }

    static Forwarding forwarding(ForwardingMethod method) {
        return switch (method) {
            case DIRECT -> Forwarding.ROUTE;
            case NAT -> Forwarding.MASQ;
            case TUNNEL -> Forwarding.TUNNEL;
        };
    }

    /**
     * Where a real server goes in IPVS. As ipvsadm does (and so as Piranha's tables read), with
     * direct routing or tunnelling the port is the service's own, since packets keep their
     * destination port; only NAT rewrites it to the real server's port. Fwmark services keep the
     * real server's port.
     */
    static Endpoint endpoint(VirtualService service, InetAddress address, int port, ForwardingMethod method) {
        boolean keepsVirtualPort = method != ForwardingMethod.NAT && !service.isFwmark();
        return new Endpoint(address, keepsVirtualPort ? service.port() : port);
    }

    static Endpoint endpoint(VirtualService service, RealServer server, ForwardingMethod method) {
        return endpoint(service, server.requireAddress(), server.port(), method);
    }

    /** The sorry server: the service's port (Piranha's fork passed it; the original passed none). */
    static Endpoint sorryEndpoint(VirtualService service, ForwardingMethod method) {
        InetAddress sorry = service.sorryServer().orElseThrow();
        return endpoint(service, sorry, service.port(), method);
    }

    static Destination destination(Endpoint endpoint, ForwardingMethod method, int weight) {
        return Destination.builder(endpoint.address(), endpoint.port()).forwarding(forwarding(method))
                .weight(weight).build();
    }
}
