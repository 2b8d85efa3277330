package org.piranha.pulse;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.rtnl.Rtnetlink;
import org.piranha.sendarp.ArpException;
import org.piranha.sendarp.ArpForm;
import org.piranha.sendarp.MacAddress;
import org.piranha.sendarp.PacketSocket;

/**
 * Makes sure, while passive, that a takeover could work: each floating address's interface
 * exists, and for IPv4 a packet socket opens (CAP_NET_RAW) and the interface has a hardware
 * address to announce. A problem found at start is logged then, not discovered at the first
 * failover. Going through the motions (every frame is built, none is sent) also loads the code a
 * takeover runs, which otherwise the first takeover would wait for.
 */
final class TakeoverCheck {

    private TakeoverCheck() {}

    /** What would stop a takeover, one line per problem; empty when all is ready. */
    static List<String> problems(Rtnetlink rtnl, List<ManagedAddress> addresses) {
        List<String> problems = new ArrayList<>();
        List<ManagedAddress> announced = new ArrayList<>();
        for (ManagedAddress address : addresses) {
            try {
                rtnl.index(address.device());
                if (address.address() instanceof Inet4Address) {
                    announced.add(address);
                }
            } catch (NetlinkException e) {
                problems.add("cannot take over " + address + ": " + e.getMessage());
            }
        }
        if (announced.isEmpty()) {
            return problems;
        }
        try (PacketSocket socket = PacketSocket.open()) {
            for (ManagedAddress address : announced) {
                try {
                    MacAddress mac = socket.hardwareAddress(address.device());
                    for (ArpForm form : ArpForm.values()) {
                        form.frame((Inet4Address) address.address(), mac).encode();
                    }
                } catch (ArpException e) {
                    problems.add("cannot announce " + address + ": " + e.getMessage());
                }
            }
        } catch (ArpException e) {
            problems.add("cannot announce the floating addresses: " + e.getMessage());
        }
        return problems;
    }
}
