package org.piranha.netlink.ipvs;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A connection-sync daemon. When starting one, zero / null optional fields leave the kernel's
 * defaults (group 224.0.0.81, port 8848, ttl 1, maxlen from the interface MTU); a listed daemon
 * reports the values in force.
 *
 * @param interfaceName the multicast interface (ipvsadm --mcast-interface)
 * @param syncId        the sync id (ipvsadm --syncid), 0-255
 */
public record SyncDaemon(SyncState state, String interfaceName, int syncId, int maxLength, InetAddress group,
        int port, int ttl) {

    public SyncDaemon {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(interfaceName, "interfaceName");
        if (interfaceName.isEmpty() || interfaceName.length() >= 16) {
            throw new IllegalArgumentException("interface name \"" + interfaceName + "\" must have 1-15 characters");
        }
    }

    public static SyncDaemon of(SyncState state, String interfaceName, int syncId) {
        return new SyncDaemon(state, interfaceName, syncId, 0, null, 0, 0);
    }
}
