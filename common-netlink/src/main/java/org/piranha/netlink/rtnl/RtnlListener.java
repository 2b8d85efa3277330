package org.piranha.netlink.rtnl;

/**
 * Receives link and address events from an {@link RtnlMonitor}, on the monitor's own thread, in
 * the order the kernel sent them. Implement the methods you need.
 */
public interface RtnlListener {

    /** A link appeared or changed: admin state, carrier, operstate, name, address... */
    default void linkChanged(Link link) {}

    /** A link went away. */
    default void linkRemoved(Link link) {}

    default void addressAdded(IfAddress address) {}

    default void addressRemoved(IfAddress address) {}

    /**
     * The kernel dropped events because they came faster than they were read: re-read the state
     * you track ({@link Rtnetlink#links()}, {@link Rtnetlink#addresses()}).
     */
    default void eventsLost() {}
}
