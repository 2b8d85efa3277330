package org.piranha.pulse;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.LvsConfig;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.ipvs.SyncState;
import org.piranha.netlink.rtnl.AddressChange;
import org.piranha.netlink.rtnl.IfAddress;
import org.piranha.sendarp.Announcement;
import org.piranha.sendarp.ArpAnnouncement;
import org.piranha.sendarp.GratuitousArp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What being the active or the passive router means on this host (piranha.md §3.5), in the
 * order that makes a takeover fastest: the addresses move first, then the rest.
 * <ul>
 * <li>activate: every floating address up over rtnetlink and announced by gratuitous ARP (5
 *     rounds 1 s apart, request and reply), {@code active_cmd}, lvsd started if it does not run
 *     (told to go if it runs parked),
 *     sync daemon master. Where the partner's kernel may still be forwarding (its pulse died,
 *     its host answers), a cold standby ({@code hot_standby = 0}) whose lvsd reports to pulse
 *     tells lvsd to go first and raises the addresses once lvsd's table serves ({@link TableWait}):
 *     the clients stay with the partner rather than be drawn to an empty table that refuses them;
 * <li>deactivate: announcements cancelled, addresses removed, {@code inactive_cmd}, lvsd stopped
 *     and started again parked (kept running with {@code hot_standby}), sync daemon backup.
 * </ul>
 * Runs on pulse's event loop; process and IPVS work goes to the worker thread.
 * {@code --norun} leaves out lvsd and the commands, as Piranha's {@code -t}.
 */
final class LvsRouter {

    private static final Logger LOG = LoggerFactory.getLogger(LvsRouter.class);

    private final AddressManager addresses;
    private final GratuitousArp arp;
    private final Optional<LvsdSupervisor> lvsd;
    private final SyncDaemonControl syncDaemon;
    private final ExecutorService worker;
    /** Empty where lvsd does not report to pulse ({@code --norun}, no report socket): no takeover waits. */
    private final Optional<TableWait> tableWait;

    private LvsConfig config;
    private List<ManagedAddress> managed;
    private boolean active;
    private final List<Announcement> announcements = new ArrayList<>();
    /** When {@link #reconfigure} last ran ({@link System#nanoTime}): an lvsd started since read that lvs.cf itself. */
    private long reconfiguredAt = System.nanoTime();
    /** {@link #takeOver} has run, {@link #activate} not yet. */
    private boolean tookOver;
    /** What the take-over logs once its frames are out. */
    private final List<Runnable> afterTakeover = new ArrayList<>();
    /** {@link #raiseAddresses}, made once: not a lambda's first use during a takeover. */
    private final Runnable raiseAddresses = this::raiseAddresses;

    /**
     * @param lvsd      empty with {@code --norun}
     * @param tableWait empty where lvsd does not report to pulse
     */
    LvsRouter(LvsConfig config, AddressManager addresses, GratuitousArp arp, Optional<LvsdSupervisor> lvsd,
            Optional<TableWait> tableWait, SyncDaemonControl syncDaemon, ExecutorService worker) {
        this.config = config;
        this.managed = ManagedAddress.of(config);
        this.addresses = addresses;
        this.arp = arp;
        this.lvsd = lvsd;
        this.syncDaemon = syncDaemon;
        this.worker = worker;
        this.tableWait = lvsd.isPresent() ? tableWait : Optional.empty();
    }

    /**
     * The part of {@link #activate} that the network waits for, done first and alone: the
     * addresses up and their first gratuitous ARP on the wire. What it has to log waits for
     * activate, so that pulse can write the lines that led to the takeover in their order after
     * the frames have gone out.
     *
     * @param partnerMayForward the partner's kernel may still be forwarding ({@link Action.Activate})
     */
    void takeOver(boolean partnerMayForward) {
        if (tookOver) {
            return;
        }
        tookOver = true;
        active = true;
        cancelAnnouncements();
        if (partnerMayForward && tableWait.isPresent() && !globals().hotStandby()) {
            lvsd.get().ensureRunning(); // a parked lvsd builds its table now
            tableWait.get().await(raiseAddresses);
        } else {
            bringUpAndAnnounce(managed, Mode.TAKEOVER);
        }
    }

    /** A cold standby's takeover, once lvsd's table serves (or its wait's bound is reached). */
    private void raiseAddresses() {
        bringUpAndAnnounce(managed, Mode.TAKEOVER);
        logAfterTakeover();
    }

    /** On the loop: lvsd reported (a takeover may be waiting for its table). */
    void lvsdReported() {
        tableWait.ifPresent(TableWait::reported);
    }

    private boolean waitingForTable() {
        return tableWait.map(TableWait::waiting).orElse(false);
    }

    void activate(boolean partnerMayForward) {
        takeOver(partnerMayForward);
        tookOver = false;
        logAfterTakeover();
        runCommand("active_cmd", globals().activeCmd());
        lvsd.ifPresent(LvsdSupervisor::ensureRunning);
        syncDaemon(SyncState.MASTER);
    }

    /** Piranha's "resending arps": active_cmd again, addresses made sure of, announced again. */
    void resendArps() {
        if (!active) {
            return;
        }
        runCommand("active_cmd", globals().activeCmd());
        if (waitingForTable()) {
            return; // the addresses come up, announced, with the table
        }
        cancelAnnouncements();
        bringUpAndAnnounce(managed, Mode.ANNOUNCE);
        logAfterTakeover();
    }

    /**
     * Also what pulse does at start: addresses that a crash left behind are removed (and logged,
     * since this router was not active).
     */
    void deactivate() {
        boolean wasActive = active;
        active = false;
        tableWait.ifPresent(TableWait::cancel);
        cancelAnnouncements();
        takeDown(managed, wasActive);
        runCommand("inactive_cmd", globals().inactiveCmd());
        lvsd.ifPresent(this::standBy);
        syncDaemon(SyncState.BACKUP);
    }

    /** The passive router's lvsd: with {@code hot_standby} one that keeps the table ready, else a parked one. */
    private void standBy(LvsdSupervisor l) {
        if (globals().hotStandby()) {
            l.ensureRunning();
        } else {
            l.park();
        }
    }

    /** Deactivates for good, lvsd included; completes once lvsd is gone. */
    CompletableFuture<Void> shutdown() {
        boolean wasActive = active;
        active = false;
        tableWait.ifPresent(TableWait::cancel);
        cancelAnnouncements();
        takeDown(managed, wasActive);
        runCommand("inactive_cmd", globals().inactiveCmd());
        syncDaemon(SyncState.BACKUP);
        return lvsd.map(LvsdSupervisor::stop).orElse(CompletableFuture.completedFuture(null));
    }

    /**
     * A reloaded lvs.cf: while active, addresses no longer managed go down and new or changed ones
     * come up and are announced. lvsd follows the new {@code hot_standby} while passive.
     */
    void reconfigure(LvsConfig newConfig) {
        reconfiguredAt = System.nanoTime();
        List<ManagedAddress> before = managed;
        List<ManagedAddress> after = ManagedAddress.of(newConfig);
        config = newConfig;
        managed = after;
        if (active && waitingForTable()) {
            return; // the takeover raises the new addresses with the table
        }
        if (active) {
            takeDown(before.stream().filter(a -> !after.contains(a)).toList(), true);
            List<ManagedAddress> added = after.stream().filter(a -> !before.contains(a)).toList();
            if (!added.isEmpty()) {
                bringUpAndAnnounce(added, Mode.ANNOUNCE);
                logAfterTakeover();
            }
        } else {
            lvsd.ifPresent(this::standBy);
        }
    }

    /** The standby (or parked) lvsd died on this passive router: start it again, if still passive. */
    void startStandbyLvsd() {
        if (!active) {
            lvsd.ifPresent(this::standBy);
        }
    }

    /**
     * While passive, goes through a takeover's first steps (the addresses' requests to the
     * kernel, the first round of gratuitous ARP) with nothing changed and nothing on the wire
     * ({@link AddressManager#rehearseBringUp}, {@link GratuitousArp#rehearse}): a JVM runs code
     * slowly the first time (class loading and linking, lambdas and string concatenations
     * bootstrapped on first use), and at keepalive 0.01 that first time cost a takeover 100 ms
     * and more.
     */
    void rehearseTakeover() {
        if (!active) {
            bringUpAndAnnounce(managed, Mode.REHEARSAL);
        }
    }

    /**
     * Passes SIGHUP on to lvsd, which re-reads lvs.cf itself (a parked one too): after
     * {@link #reconfigure}, to an lvsd that was running before it.
     */
    void hangupLvsd() {
        lvsd.ifPresent(l -> l.hangupUnlessStartedAfter(reconfiguredAt));
    }

    boolean isActive() {
        return active;
    }

    private GlobalSettings globals() {
        return config.globals();
    }

    /** How {@link #bringUpAndAnnounce} goes about it. */
    private enum Mode {
        /** A takeover: the first round of gratuitous ARP goes out on this thread at once. */
        TAKEOVER,
        /** Addresses made sure of and announced again: every round on the announcer's thread. */
        ANNOUNCE,
        /** {@link #rehearseTakeover}: nothing changed, nothing sent, nothing reported ({@link TakeoverCheck} reports). */
        REHEARSAL
    }

    /** The addresses up, then announced; what there is to log waits in {@link #afterTakeover}. */
    private void bringUpAndAnnounce(List<ManagedAddress> toBringUp, Mode mode) {
        boolean rehearsal = mode == Mode.REHEARSAL;
        List<ArpAnnouncement> toAnnounce = new ArrayList<>();
        for (ManagedAddress address : toBringUp) {
            try {
                if (rehearsal) {
                    addresses.rehearseBringUp(address);
                } else {
                    AddressChange change = addresses.bringUp(address);
                    afterTakeover.add(() -> LOG.debug("{} {}", change == AddressChange.ADDED ? "brought up" : "already up:",
                            address));
                }
                if (address.address() instanceof Inet4Address v4) {
                    toAnnounce.add(ArpAnnouncement.of(address.device(), v4));
                }
            } catch (NetlinkException | RuntimeException e) {
                if (!rehearsal) {
                    afterTakeover.add(() -> LOG.error("cannot bring up {}: {}", address, e.getMessage()));
                }
            }
        }
        if (toAnnounce.isEmpty()) {
            return;
        }
        Announcement started = switch (mode) {
            case TAKEOVER -> arp.announceAllNow(toAnnounce);
            case ANNOUNCE -> arp.announceAll(toAnnounce);
            case REHEARSAL -> arp.rehearse(toAnnounce);
        };
        if (!rehearsal) {
            announcements.add(started);
        }
        started.completion().whenComplete((done, failure) -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (rehearsal) {
                return;
            } else if (cause == null) {
                LOG.info("gratuitous lvs arps finished");
            } else if (!(cause instanceof CancellationException)) {
                LOG.error("gratuitous ARP failed: {}", cause.getMessage());
            }
        });
    }

    private void logAfterTakeover() {
        afterTakeover.forEach(Runnable::run);
        afterTakeover.clear();
    }

    private void cancelAnnouncements() {
        announcements.forEach(Announcement::cancel);
        announcements.clear();
    }

    private void takeDown(List<ManagedAddress> toTakeDown, boolean wasActive) {
        for (ManagedAddress address : toTakeDown) {
            try {
                for (IfAddress removed : addresses.takeDown(address)) {
                    if (wasActive) {
                        LOG.debug("took down {}", address);
                    } else {
                        LOG.info("removed {} from {}: left behind by an earlier run, and this router is not active",
                                removed.cidr(), address.device());
                    }
                }
            } catch (NetlinkException | RuntimeException e) {
                LOG.error("cannot take down {}: {}", address, e.getMessage());
            }
        }
    }

    private void runCommand(String key, Optional<String> command) {
        if (lvsd.isPresent()) { // --norun runs neither lvsd nor the commands
            command.ifPresent(c -> worker.execute(() -> Commands.run(key, c)));
        }
    }

    private void syncDaemon(SyncState state) {
        GlobalSettings g = globals();
        if (g.syncdaemon()) {
            worker.execute(() -> syncDaemon.become(state, g.syncdIface(), g.effectiveSyncdId()));
        }
    }
}
