package org.piranha.lvscf;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An address and the interface it goes on, as in {@code address = 10.0.0.100 eth0:1} and
 * {@code nat_router = 192.168.10.254 eth1:1}. The device may carry a Piranha-style alias suffix.
 */
public record InterfaceAddress(InetAddress address, String device) {

    public InterfaceAddress {
        Objects.requireNonNull(address, "address");
        Lexical.requireBareWord("device", device);
    }

    /** The device without its {@code :N} alias suffix ({@code eth0:1} -> {@code eth0}). */
    public String baseDevice() {
        int colon = device.indexOf(':');
        return colon < 0 ? device : device.substring(0, colon);
    }

    @Override
    public String toString() {
        return Addresses.format(address) + " " + device;
    }
}
