package org.piranha.lvscf;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An address pulse brings up on the active router and announces with gratuitous ARP: a VIP of an
 * active virtual service, or the NAT router address.
 *
 * @param netmask the netmask to configure, if lvs.cf gives one (0.0.0.0 counts as none)
 */
public record FloatingAddress(InetAddress address, String device, Optional<Netmask> netmask) {

    public FloatingAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(netmask, "netmask");
    }

    /** The device without its {@code :N} alias suffix. */
    public String baseDevice() {
        return new InterfaceAddress(address, device).baseDevice();
    }
}
