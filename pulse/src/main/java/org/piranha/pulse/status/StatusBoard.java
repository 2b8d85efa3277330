package org.piranha.pulse.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.piranha.lvscf.LvsConfig;

/**
 * What pulse knows about itself, for the status socket and the metrics: written by pulse's event
 * loop (each fact an immutable value behind a volatile field, so a write costs the loop one
 * store), read by any thread at any time. Nothing here blocks or locks, so a status request can
 * never hold up a heartbeat.
 */
public final class StatusBoard {

    /** This router, as lvs.cf names it ({@code primary} or {@code backup}), and its role now. */
    public record Router(String name, String address, String role, Instant since, long sinceNanos, String reason) {}

    /** The partner's addresses (public first), or none without a backup router; its deadtime. */
    public record Partner(List<String> addresses, long deadtimeNanos) {}

    /** The last heartbeat heard from the partner, and over which path. */
    public record Heard(Instant at, long atNanos, String path) {}

    /** A link that {@code monitor_links} watches. */
    public record Link(String iface, boolean up) {}

    /** An address this router holds as the active one. {@code kind} is {@code vip} or {@code nat_router}. */
    public record HeldAddress(String address, int prefix, String iface, String label, String kind) {}

    /** lvs.cf in force: where it was read from, its sha256 (hex) and when. */
    public record Config(Path path, LvsConfig config, String sha256, Instant loaded) {}

    /**
     * lvsd as pulse's child. {@code pid} is 0 when it does not run; {@code parked}: it runs parked
     * (a cold standby's passive router: no table, no nanny, no check until this router is active).
     */
    public record Lvsd(boolean running, long pid, boolean parked) {
        public Lvsd(boolean running, long pid) {
            this(running, pid, false);
        }
    }

    /** multi_active: whether a virtual service's VIP is announced by BGP, why, and since when. */
    public record Announcement(String address, boolean announced, String reason, Instant since) {}

    private final long pid;
    private final String version;
    private final Instant started;
    private final long startedNanos;
    private final boolean norun;

    private volatile Router router;
    private volatile Partner partner = new Partner(List.of(), 0);
    private volatile Heard heard;
    private volatile List<Link> links = List.of();
    private volatile List<HeldAddress> held = List.of();
    private volatile Config config;
    private volatile Lvsd lvsd = new Lvsd(false, 0);
    private volatile boolean activationForbidden;
    private volatile ServerReports reports = ServerReports.NONE;
    private volatile Runnable reportsListener = () -> { };
    private volatile String directorMode = "active_backup";
    private volatile Map<String, Announcement> announcements = Map.of();
    private final Map<String, Long> activations = new ConcurrentHashMap<>();
    private volatile long reloads;
    private volatile long failedReloads;

    public StatusBoard(long pid, String version, Instant started, long startedNanos, boolean norun) {
        this.pid = pid;
        this.version = version;
        this.started = started;
        this.startedNanos = startedNanos;
        this.norun = norun;
    }

    public long pid() {
        return pid;
    }

    public String version() {
        return version;
    }

    public Instant started() {
        return started;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public boolean norun() {
        return norun;
    }

    public Optional<Router> router() {
        return Optional.ofNullable(router);
    }

    /** The role changes (since and reason move with it); the same role again changes nothing. */
    public void role(String name, String address, String role, String reason, Instant at, long atNanos) {
        Router now = router;
        if (now != null && now.role().equals(role)) {
            return;
        }
        router = new Router(name, address, role, at, atNanos, reason);
        if (role.equals("active")) {
            activations.merge(reason, 1L, Long::sum);
        }
    }

    /** How often this router became active, by the reason it gave. */
    public Map<String, Long> activations() {
        return Map.copyOf(activations);
    }

    public Partner partner() {
        return partner;
    }

    public void partner(Partner partner) {
        this.partner = partner;
    }

    public Optional<Heard> heard() {
        return Optional.ofNullable(heard);
    }

    public void heard(Heard heard) {
        this.heard = heard;
    }

    public List<Link> links() {
        return links;
    }

    public void links(List<Link> links) {
        this.links = List.copyOf(links);
    }

    public List<HeldAddress> held() {
        return held;
    }

    public void held(List<HeldAddress> held) {
        this.held = List.copyOf(held);
    }

    public Optional<Config> config() {
        return Optional.ofNullable(config);
    }

    public void config(Config config) {
        this.config = config;
    }

    public Lvsd lvsd() {
        return lvsd;
    }

    public void lvsd(Lvsd lvsd) {
        this.lvsd = lvsd;
    }

    /** Failover may not activate this router (lvsd died while it was active). */
    public boolean activationForbidden() {
        return activationForbidden;
    }

    public void activationForbidden(boolean forbidden) {
        this.activationForbidden = forbidden;
    }

    public ServerReports reports() {
        return reports;
    }

    public void reports(ServerReports reports) {
        this.reports = reports;
        reportsListener.run();
    }

    /** Called (on the reporting thread) after every change of lvsd's reports: multi_active acts on them. */
    public void onReports(Runnable listener) {
        this.reportsListener = listener;
    }

    /** {@code active_backup} or {@code multi_active}. */
    public String directorMode() {
        return directorMode;
    }

    public void directorMode(String mode) {
        this.directorMode = mode;
    }

    /** multi_active: by virtual service name. */
    public Map<String, Announcement> announcements() {
        return announcements;
    }

    public void announcements(Map<String, Announcement> announcements) {
        this.announcements = Map.copyOf(announcements);
    }

    public long reloads() {
        return reloads;
    }

    public long failedReloads() {
        return failedReloads;
    }

    /** A SIGHUP was handled: the file was applied, or (with errors) the running configuration kept. */
    public void reloaded(boolean applied) {
        if (applied) {
            reloads++;
        } else {
            failedReloads++;
        }
    }
}
