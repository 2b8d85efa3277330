package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.piranha.lvscf.SchedulerFlag;
import org.piranha.lvscf.VirtualService;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.Forwarding;
import org.piranha.netlink.ipvs.Protocol;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceFlag;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.Timeouts;

/** What --test-start logs: the ipvsadm command for each change. */
class IpvsCommandsTest {

    @Test
    void ipvsadmCommandLines() throws Exception {
        ServiceKey www = ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.6.1.214"), 80);
        assertThat(IpvsCommands.addService(Service.builder(www).scheduler("wlc").persistent(600)
                .persistenceNetmask(24).build())).isEqualTo("ipvsadm -A -t 10.6.1.214:80 -s wlc -p 600 -M 255.255.255.0");
        assertThat(IpvsCommands.editService(Service.builder(ServiceKey.of(Protocol.UDP,
                InetAddress.getByName("10.6.1.214"), 53)).scheduler("rr").build()))
                .isEqualTo("ipvsadm -E -u 10.6.1.214:53 -s rr");
        assertThat(IpvsCommands.deleteService(ServiceKey.fwmark(7))).isEqualTo("ipvsadm -D -f 7");
        Destination web1 = Destination.builder(InetAddress.getByName("10.6.1.221"), 80)
                .forwarding(Forwarding.ROUTE).weight(1).build();
        assertThat(IpvsCommands.addDestination(www, web1)).isEqualTo("ipvsadm -a -t 10.6.1.214:80 -r 10.6.1.221:80 -g -w 1");
        assertThat(IpvsCommands.editDestination(www, web1.toBuilder().forwarding(Forwarding.MASQ).weight(0).build()))
                .isEqualTo("ipvsadm -e -t 10.6.1.214:80 -r 10.6.1.221:80 -m -w 0");
        assertThat(IpvsCommands.deleteDestination(www, Endpoint.of(web1)))
                .isEqualTo("ipvsadm -d -t 10.6.1.214:80 -r 10.6.1.221:80");
        VirtualService maglev = VirtualService.builder("www").address(InetAddress.getByName("10.6.1.214"), "eth0:1")
                .scheduler("mh").schedulerFlags(Set.of(SchedulerFlag.MH_PORT, SchedulerFlag.MH_FALLBACK)).build();
        Service mapped = IpvsMapping.service(maglev);
        assertThat(mapped.flags()).containsOnly(ServiceFlag.SCHED_FALLBACK, ServiceFlag.SCHED_PORT);
        assertThat(IpvsCommands.addService(mapped)).isEqualTo("ipvsadm -A -t 10.6.1.214:80 -s mh -b mh-fallback,mh-port");
        assertThat(IpvsMapping.service(maglev.toBuilder().scheduler("sh")
                .schedulerFlags(Set.of(SchedulerFlag.SH_PORT)).build()).flags()).containsOnly(ServiceFlag.SCHED_PORT);
        assertThat(IpvsCommands.setTimeouts(Timeouts.ofSeconds(900, 120, 0))).isEqualTo("ipvsadm --set 900 120 0");
    }
}
