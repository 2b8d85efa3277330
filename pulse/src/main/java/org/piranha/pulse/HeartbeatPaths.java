package org.piranha.pulse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.piranha.lvscf.GlobalSettings;

/**
 * Where this router's heartbeats go, as Piranha: a socket bound to its own public address and
 * {@code heartbeat_port} sends to the partner's public address and port, and when both routers
 * have a private address ({@code primary_private}, {@code backup_private}) a second socket does
 * the same over the private path. A datagram counts only when it comes from the partner's
 * address of the path whose socket received it (any source port, as Piranha).
 *
 * @param partnerPublic empty when there is no backup router ({@code backup_active = 0})
 */
record HeartbeatPaths(int port, InetAddress ownPublic, Optional<InetAddress> ownPrivate,
        Optional<InetAddress> partnerPublic, Optional<InetAddress> partnerPrivate) {

    /** One socket: the local address it is bound to, and the partner address it sends to (if any). */
    record Path(String name, InetSocketAddress local, Optional<InetSocketAddress> partner) {

        /** Whether a datagram from {@code source} on this path may be a heartbeat of the partner. */
        boolean accepts(InetAddress source) {
            return partner.filter(p -> p.getAddress().equals(source)).isPresent();
        }
    }

    static HeartbeatPaths of(GlobalSettings g, Role role) {
        InetAddress primary = g.requirePrimary();
        Optional<InetAddress> backup = g.backup().filter(a -> !a.isAnyLocalAddress());
        boolean privatePath = g.hasPrivateHeartbeat() && g.primaryPrivate().isPresent() && g.backupPrivate().isPresent();
        Optional<InetAddress> primaryPrivate = privatePath ? g.primaryPrivate() : Optional.empty();
        Optional<InetAddress> backupPrivate = privatePath ? g.backupPrivate() : Optional.empty();
        if (role == Role.MASTER) {
            return new HeartbeatPaths(g.heartbeatPort(), primary, primaryPrivate,
                    g.hasBackup() ? backup : Optional.empty(), g.hasBackup() ? backupPrivate : Optional.empty());
        }
        InetAddress own = backup.orElseThrow(() -> new IllegalStateException("backup is not set"));
        return new HeartbeatPaths(g.heartbeatPort(), own, backupPrivate, Optional.of(primary), primaryPrivate);
    }

    /** The sockets to open: public first, then private. */
    List<Path> paths() {
        List<Path> paths = new ArrayList<>();
        paths.add(new Path("public", new InetSocketAddress(ownPublic, port),
                partnerPublic.map(a -> new InetSocketAddress(a, port))));
        ownPrivate.ifPresent(own -> paths.add(new Path("private", new InetSocketAddress(own, port),
                partnerPrivate.map(a -> new InetSocketAddress(a, port)))));
        return paths;
    }
}
