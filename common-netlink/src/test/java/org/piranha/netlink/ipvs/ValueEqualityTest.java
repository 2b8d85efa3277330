package org.piranha.netlink.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.piranha.netlink.IpFamily;

/**
 * ServiceKey, Service and Destination write their equals and hashCode out (see ServiceKey): equal
 * exactly when every component is, as a record's generated ones would be.
 */
class ValueEqualityTest {

    private static InetAddress ip(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    private static void assertEqualOnlyToItsTwin(Object value, Object twin, List<?> others) {
        assertThat(value).isEqualTo(twin).hasSameHashCodeAs(twin).isNotEqualTo(null).isNotEqualTo("a string");
        for (Object other : others) {
            assertThat(value).as("against %s", other).isNotEqualTo(other);
            assertThat(other).as("against %s", value).isNotEqualTo(value);
        }
    }

    @Test
    void serviceKeysDifferInEveryComponent() throws Exception {
        ServiceKey key = new ServiceKey(IpFamily.IPV4, Protocol.TCP, ip("10.0.0.1"), 80, 0);
        assertEqualOnlyToItsTwin(key, new ServiceKey(IpFamily.IPV4, Protocol.TCP, ip("10.0.0.1"), 80, 0), List.of(
                new ServiceKey(IpFamily.IPV6, Protocol.TCP, ip("::1"), 80, 0),
                new ServiceKey(IpFamily.IPV4, Protocol.UDP, ip("10.0.0.1"), 80, 0),
                new ServiceKey(IpFamily.IPV4, Protocol.TCP, ip("10.0.0.2"), 80, 0),
                new ServiceKey(IpFamily.IPV4, Protocol.TCP, ip("10.0.0.1"), 81, 0),
                ServiceKey.fwmark(IpFamily.IPV4, 80)));
        assertEqualOnlyToItsTwin(ServiceKey.fwmark(IpFamily.IPV4, 5), ServiceKey.fwmark(IpFamily.IPV4, 5),
                List.of(ServiceKey.fwmark(IpFamily.IPV6, 5), ServiceKey.fwmark(IpFamily.IPV4, 6)));
    }

    @Test
    void servicesDifferInEveryComponent() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, ip("10.0.0.1"), 80);
        Set<ServiceFlag> persistent = Set.of(ServiceFlag.PERSISTENT);
        Service service = new Service(key, "wlc", persistent, 300, 24, "sip");
        assertEqualOnlyToItsTwin(service, new Service(ServiceKey.of(Protocol.TCP, ip("10.0.0.1"), 80), "wlc",
                Set.of(ServiceFlag.PERSISTENT), 300, 24, "sip"), List.of(
                new Service(ServiceKey.of(Protocol.TCP, ip("10.0.0.1"), 81), "wlc", persistent, 300, 24, "sip"),
                new Service(key, "rr", persistent, 300, 24, "sip"),
                new Service(key, "wlc", Set.of(ServiceFlag.PERSISTENT, ServiceFlag.ONE_PACKET), 300, 24, "sip"),
                new Service(key, "wlc", persistent, 301, 24, "sip"),
                new Service(key, "wlc", persistent, 300, 25, "sip"),
                new Service(key, "wlc", persistent, 300, 24, null)));
    }

    @Test
    void destinationsDifferInEveryComponent() throws Exception {
        Destination destination = new Destination(ip("10.1.0.1"), 80, Forwarding.TUNNEL, 5, 100, 10, TunnelType.GUE,
                6080, 1);
        assertEqualOnlyToItsTwin(destination, new Destination(ip("10.1.0.1"), 80, Forwarding.TUNNEL, 5, 100, 10,
                TunnelType.GUE, 6080, 1), List.of(
                new Destination(ip("10.1.0.2"), 80, Forwarding.TUNNEL, 5, 100, 10, TunnelType.GUE, 6080, 1),
                new Destination(ip("10.1.0.1"), 81, Forwarding.TUNNEL, 5, 100, 10, TunnelType.GUE, 6080, 1),
                new Destination(ip("10.1.0.1"), 80, Forwarding.ROUTE, 5, 100, 10, TunnelType.IPIP, 0, 0),
                new Destination(ip("10.1.0.1"), 80, Forwarding.TUNNEL, 6, 100, 10, TunnelType.GUE, 6080, 1),
                new Destination(ip("10.1.0.1"), 80, Forwarding.TUNNEL, 5, 101, 10, TunnelType.GUE, 6080, 1),
                new Destination(ip("10.1.0.1"), 80, Forwarding.TUNNEL, 5, 100, 11, TunnelType.GUE, 6080, 1),
                new Destination(ip("10.1.0.1"), 80, Forwarding.TUNNEL, 5, 100, 10, TunnelType.GRE, 6080, 1),
                new Destination(ip("10.1.0.1"), 80, Forwarding.TUNNEL, 5, 100, 10, TunnelType.GUE, 6081, 1),
                new Destination(ip("10.1.0.1"), 80, Forwarding.TUNNEL, 5, 100, 10, TunnelType.GUE, 6080, 0)));
    }
}
