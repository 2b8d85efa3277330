package org.piranha.pulse;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.HeartbeatAuth;
import org.piranha.lvscf.HeartbeatKeys;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.rtnl.Rtnetlink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the heartbeat sockets need from lvs.cf and the system, at start and on reload: the wire
 * format ({@code heartbeat_auth}, the keys of {@code heartbeat_key_file}) and the interface
 * each socket is tied to ({@link DeviceBinding}).
 */
final class HeartbeatSetup {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSetup.class);

    private HeartbeatSetup() {}

    /** Piranha's four bytes, or with heartbeat_auth = hmac-sha256 those signed with the key file's keys. */
    static HeartbeatFormat format(GlobalSettings g, Role role) throws HeartbeatKeys.Invalid {
        if (g.heartbeatAuth() == HeartbeatAuth.NONE) {
            return new PlainHeartbeats();
        }
        return new AuthenticatedHeartbeats(role, HeartbeatKeys.read(Path.of(g.heartbeatKeyFile())).keys(), epochNanos());
    }

    /**
     * On reload: the key file is read again (a key rotation changes only that file) and
     * authentication may be switched on or off. Returns the format to use from now on when it is
     * another one; new keys go into the running one, whose counters go on. A key file that cannot
     * be used keeps the running keys.
     */
    static Optional<HeartbeatFormat> reloaded(HeartbeatFormat current, GlobalSettings g, Role role) {
        if (g.heartbeatAuth() == HeartbeatAuth.NONE) {
            if (current instanceof PlainHeartbeats) {
                return Optional.empty();
            }
            LOG.warn("heartbeat_auth = none: heartbeats are no longer authenticated");
            return Optional.of(new PlainHeartbeats());
        }
        List<byte[]> keys;
        try {
            keys = HeartbeatKeys.read(Path.of(g.heartbeatKeyFile())).keys();
        } catch (HeartbeatKeys.Invalid e) {
            LOG.error("{}; keeping the running heartbeat keys", e.getMessage());
            return Optional.empty();
        }
        LOG.info("heartbeats are authenticated (hmac-sha256) with {} key(s) of {}", keys.size(), g.heartbeatKeyFile());
        if (current instanceof AuthenticatedHeartbeats authenticated) {
            authenticated.rekey(keys);
            return Optional.empty();
        }
        return Optional.of(new AuthenticatedHeartbeats(role, keys, epochNanos()));
    }

    /** The interface each path's socket is tied to; a path whose partner is not on-link stays untied. */
    static Map<String, String> devices(Rtnetlink rtnl, HeartbeatPaths paths) throws NetlinkException {
        Map<String, String> devices = new HashMap<>();
        for (HeartbeatPaths.Path path : paths.paths()) {
            Optional<String> device = DeviceBinding.deviceFor(rtnl, path);
            if (device.isPresent()) {
                devices.put(path.name(), device.get());
            } else {
                path.partner().ifPresent(partner -> LOG.info("heartbeats from {} ({} path) are not tied to an"
                        + " interface: it is not on the subnet of {}; only their source address is checked",
                        partner.getAddress().getHostAddress(), path.name(), path.local().getAddress().getHostAddress()));
            }
        }
        return devices;
    }

    /** This pulse's start for the counter of authenticated heartbeats: nanoseconds since the epoch. */
    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
