package org.piranha.pulse;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.piranha.lvscf.Addresses;
import org.piranha.lvscf.FloatingAddress;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.Netmask;

/**
 * An address pulse brings up on the active router, as rtnetlink takes it: the VIP of
 * {@code address = 10.6.1.214 eth0:1} goes on {@code eth0} with the label {@code eth0:1}.
 * With {@code vip_nmask} (or {@code nat_nmask}) it gets that prefix and the broadcast address
 * Piranha's ifconfig set, (VIP &amp; mask) | ~mask; without one it is a /32 (/128), so it never
 * becomes the primary address of a subnet whose removal would take secondaries with it
 * (Piranha's ifconfig fell back to the old classful mask).
 *
 * @param device    the interface, without the alias suffix
 * @param label     the IPv4 label ({@code eth0:1}), or null when lvs.cf gave a plain device
 * @param broadcast null for IPv6 and for /31 and /32
 */
record ManagedAddress(InetAddress address, String device, String label, int prefixLength, InetAddress broadcast) {

    /** The longest label the kernel takes (IFNAMSIZ - 1). */
    static final int MAX_LABEL = 15;

    static ManagedAddress of(FloatingAddress floating) {
        InetAddress address = floating.address();
        String device = floating.baseDevice();
        boolean ipv4 = address instanceof Inet4Address;
        String label = ipv4 && !device.equals(floating.device()) ? floating.device() : null;
        if (label != null && label.length() > MAX_LABEL) {
            throw new IllegalArgumentException("the label " + label + " of " + Addresses.format(address)
                    + " is longer than the kernel's " + MAX_LABEL + " characters: use a shorter alias such as "
                    + device + ":1");
        }
        if (!ipv4) {
            return new ManagedAddress(address, device, null, 128, null);
        }
        Netmask mask = floating.netmask().filter(m -> !m.isZero()).orElse(Netmask.ofPrefixLength(32));
        int prefix = mask.prefixLength();
        return new ManagedAddress(address, device, label, prefix, prefix < 31 ? broadcast(address, mask) : null);
    }

    /** Everything the active router brings up for this config: the NAT router address, then the VIPs. */
    static List<ManagedAddress> of(LvsConfig config) {
        return config.floatingAddresses().stream().map(ManagedAddress::of).toList();
    }

    boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** {@code 10.6.1.214/24 (label eth0:1) on eth0}. */
    @Override
    public String toString() {
        return Addresses.format(address) + "/" + prefixLength + (label != null ? " (label " + label + ")" : "")
                + " on " + device;
    }

    private static InetAddress broadcast(InetAddress address, Netmask mask) {
        byte[] b = address.getAddress();
        int value = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        int broadcast = (value & mask.bits()) | ~mask.bits();
        try {
            return InetAddress.getByAddress(new byte[] {
                (byte) (broadcast >>> 24), (byte) (broadcast >>> 16), (byte) (broadcast >>> 8), (byte) broadcast});
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always an address
        }
    }
}
