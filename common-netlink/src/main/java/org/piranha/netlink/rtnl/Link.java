package org.piranha.netlink.rtnl;

/**
 * A network interface as rtnetlink reports it.
 *
 * @param flags the IFF_* flags (IFF_UP 0x1, IFF_RUNNING 0x40, IFF_LOWER_UP 0x10000, ...)
 * @param mac   the hardware address as {@code ip link} prints it ("02:00:0a:00:00:01"), or "" when none
 */
public record Link(int index, String name, int flags, OperState operState, String mac, int mtu) {

    static final int IFF_UP = 0x1;
    static final int IFF_RUNNING = 0x40;
    static final int IFF_LOWER_UP = 0x10000;

    /** Administratively up ({@code ip link set NAME up}). */
    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    /** The physical layer is up: cable in, veth peer up (IFF_LOWER_UP). */
    public boolean hasCarrier() {
        return (flags & IFF_LOWER_UP) != 0;
    }

    /** Up and with carrier: able to pass traffic. */
    public boolean isRunning() {
        return isUp() && hasCarrier();
    }
}
