package org.piranha.netlink.ipvs;

/** A real server as the kernel reports it: configuration, connection counts and counters. */
public record DestinationStatus(Destination destination, int activeConnections, int inactiveConnections,
        int persistentConnections, Stats stats) {}
