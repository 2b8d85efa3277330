package org.piranha.pulse;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.piranha.daemon.Severity;
import org.piranha.lvscf.Addresses;
import org.piranha.lvscf.LvsConfig;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.rtnl.IfAddress;
import org.piranha.netlink.rtnl.Link;
import org.piranha.netlink.rtnl.Rtnetlink;
import org.piranha.pulse.status.ConfigFingerprint;
import org.piranha.pulse.status.StatusBoard;

/**
 * Pulse's hooks into the {@link StatusBoard}: turns what pulse's event loop does (the state
 * machine's actions, heartbeats heard, links, reloads, lvsd) into the facts the status socket
 * and the metrics show. Called on the event loop only; every call is a few stores.
 */
final class StatusFeed {

    private final StatusBoard board;
    private final Clock clock;
    private String routerName = "primary";
    private String routerAddress;
    private HeartbeatPaths paths;
    private List<ManagedAddress> managed = List.of();
    private LvsConfig config;
    private List<String> linkNames = List.of();
    /** The addresses held must be worked out again (config reloaded); else only when the role moves. */
    private boolean heldStale = true;
    private boolean wasActive;

    StatusFeed(StatusBoard board, Clock clock) {
        this.board = board;
        this.clock = clock;
    }

    StatusBoard board() {
        return board;
    }

    /**
     * lvs.cf as loaded at start or by a reload, from {@code bytes}: the sha256 is theirs, not the
     * file's again, which piranha-gui may have replaced since (then changed_on_disk says so).
     */
    void configLoaded(LvsConfig loaded, Path file, byte[] bytes) {
        config = loaded;
        managed = ManagedAddress.of(loaded);
        heldStale = true;
        String sha256 = ConfigFingerprint.hash(bytes);
        board.config(new StatusBoard.Config(file, loaded, sha256, clock.instant()));
        if (paths != null) {
            board.partner(partner(paths, loaded));
        }
    }

    void reloaded(boolean applied) {
        board.reloaded(applied);
    }

    /** The role detected at start, and the heartbeat paths that follow from it. */
    void router(Role role, HeartbeatPaths heartbeatPaths) {
        routerName = role == Role.MASTER ? "primary" : "backup";
        routerAddress = Addresses.format(heartbeatPaths.ownPublic());
        paths = heartbeatPaths;
        board.partner(partner(heartbeatPaths, config));
        board.role(routerName, routerAddress, "starting", "pulse is starting", clock.instant(), System.nanoTime());
    }

    private static StatusBoard.Partner partner(HeartbeatPaths paths, LvsConfig config) {
        List<String> addresses = new ArrayList<>();
        paths.partnerPublic().ifPresent(a -> addresses.add(Addresses.format(a)));
        paths.partnerPrivate().ifPresent(a -> addresses.add(Addresses.format(a)));
        return new StatusBoard.Partner(addresses, config.globals().deadtime().toNanos());
    }

    /** A heartbeat of the partner arrived from {@code source}. */
    void heard(InetAddress source) {
        String path = paths.partnerPrivate().filter(source::equals).isPresent() ? "private" : "public";
        board.heard(new StatusBoard.Heard(clock.instant(), System.nanoTime(), path));
    }

    /**
     * The actions the state machine asked for, once carried out. The reason of a change of role
     * is the line the state machine logged just before it ("partner dead: activating lvs").
     */
    void performed(List<Action> actions, boolean activationForbidden, boolean active) {
        String reason = null;
        for (Action action : actions) {
            if (action instanceof Action.Log line && line.severity() != Severity.DEBUG) {
                reason = line.message().startsWith("STARTING PULSE AS ")
                        ? "pulse started: passive until the partner is found dead or stopped" : line.message();
            } else if (action instanceof Action.Activate) {
                role("active", reason, "activated");
            } else if (action instanceof Action.Deactivate) {
                role("backup", reason, "deactivated");
            } else if (action instanceof Action.Shutdown) {
                role("stopping", reason, "stopping");
            }
        }
        board.activationForbidden(activationForbidden);
        if (heldStale || active != wasActive) { // not on every heartbeat sent
            board.held(active ? held() : List.of());
            heldStale = false;
            wasActive = active;
        }
    }

    private void role(String role, String reason, String otherwise) {
        board.role(routerName, routerAddress, role, reason != null ? reason : otherwise, clock.instant(),
                System.nanoTime());
    }

    private List<StatusBoard.HeldAddress> held() {
        Optional<InetAddress> nat = config.natRouter().map(a -> a.address());
        List<StatusBoard.HeldAddress> held = new ArrayList<>();
        for (ManagedAddress address : managed) {
            held.add(new StatusBoard.HeldAddress(Addresses.format(address.address()), address.prefixLength(),
                    address.device(), address.label(),
                    nat.filter(address.address()::equals).isPresent() ? "nat_router" : "vip"));
        }
        return held;
    }

    /** The interfaces {@code monitor_links} watches (public, then private), read when the watch starts. */
    void watchedLinks(Rtnetlink rtnl, HeartbeatPaths heartbeatPaths) {
        List<String> names = new ArrayList<>();
        names.add(linkName(rtnl, heartbeatPaths.ownPublic()));
        heartbeatPaths.ownPrivate().ifPresent(a -> names.add(linkName(rtnl, a)));
        linkNames = names;
    }

    void links(LinkWatch.State state) {
        List<StatusBoard.Link> links = new ArrayList<>();
        if (!linkNames.isEmpty()) {
            links.add(new StatusBoard.Link(linkNames.get(0), state.primaryUp()));
        }
        if (linkNames.size() > 1) {
            links.add(new StatusBoard.Link(linkNames.get(1), state.privateUp()));
        }
        board.links(links);
    }

    void linksUnwatched() {
        linkNames = List.of();
        board.links(List.of());
    }

    private static String linkName(Rtnetlink rtnl, InetAddress address) {
        try {
            for (IfAddress present : rtnl.addresses()) {
                if (present.address().equals(address)) {
                    return rtnl.link(present.interfaceIndex()).map(Link::name).orElse(Addresses.format(address));
                }
            }
        } catch (NetlinkException e) {
            // named by its address below
        }
        return Addresses.format(address);
    }

    void lvsdStarted(long pid) {
        board.lvsd(new StatusBoard.Lvsd(true, pid));
    }

    /** lvsd {@code pid} runs parked, or no longer. */
    void lvsdParked(long pid, boolean parked) {
        StatusBoard.Lvsd lvsd = board.lvsd();
        if (lvsd.running() && lvsd.pid() == pid) {
            board.lvsd(new StatusBoard.Lvsd(true, pid, parked));
        }
    }

    void lvsdGone(long pid) {
        if (board.lvsd().pid() == pid) {
            board.lvsd(new StatusBoard.Lvsd(false, 0));
        }
    }
}
