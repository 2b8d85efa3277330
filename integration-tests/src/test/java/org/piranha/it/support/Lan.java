package org.piranha.it.support;

import java.util.ArrayList;
import java.util.List;

/**
 * One Ethernet segment: a bridge in a namespace of its own, with a veth leg into each namespace
 * that joins it. Closing it removes the bridge and every leg.
 */
public final class Lan implements AutoCloseable {

    private final Netns wire;
    private final List<String> legs = new ArrayList<>();

    public Lan() {
        wire = Netns.create("wire");
        wire.ok("ip", "link", "add", "br0", "type", "bridge");
        wire.ok("ip", "link", "set", "br0", "up");
    }

    /**
     * Gives {@code host} an interface {@code ifname} on this segment with the given address
     * ("10.6.1.201/24"; null for none) and brings it up. Returns the leg's name in the wire namespace.
     */
    public String attach(Netns host, String ifname, String cidr) {
        String leg = "v" + legs.size() + "-" + Math.abs(host.name().hashCode() % 100000);
        wire.ok("ip", "link", "add", leg, "type", "veth", "peer", "name", ifname, "netns", host.name());
        wire.ok("ip", "link", "set", leg, "master", "br0", "up");
        if (cidr != null) {
            host.ok("ip", "addr", "add", cidr, "dev", ifname);
        }
        host.ok("ip", "link", "set", ifname, "up");
        legs.add(leg);
        return leg;
    }

    /** Cuts a host off the segment (its interface stays up: this is a switch-side failure). */
    public void unplug(String leg) {
        wire.ok("ip", "link", "set", leg, "down");
    }

    public void plug(String leg) {
        wire.ok("ip", "link", "set", leg, "up");
    }

    /** The namespace holding the bridge, e.g. to run tcpdump on br0. */
    public Netns wire() {
        return wire;
    }

    @Override
    public void close() {
        wire.close();
    }
}
