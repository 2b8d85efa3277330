package org.piranha.pulse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.piranha.daemon.Severity;

/**
 * Piranha's failover state machine (pulse.c {@code run()}), without any I/O: events go in with
 * the time they happened (a monotonic clock in nanoseconds), {@link Action}s come out, and
 * {@link #nextWakeup()} says when {@link #tick} must be called next. Not thread-safe: one thread
 * (pulse's event loop) feeds it.
 *
 * <p>The state is Piranha's: active or passive, the role fixed at start, and two flags that
 * forbid activation, LINKFAIL (a monitored link is down) and CHILDFAIL (lvsd died while active;
 * cleared by a RUNNING heartbeat from the partner). The log lines are Piranha's, word for word.
 * The lvsd of the passive router (with {@code hot_standby} a standby one with the table ready,
 * without it a parked one) that dies is started again with backoff ({@link LvsdRestarts}), so
 * that the next takeover finds it.
 *
 * <p>Two fixes, both invisible on the wire:
 * <ul>
 * <li>No dual-active start. Piranha's backup activated on any STOPPED from the primary, so two
 *     routers starting together both activated and the backup yielded a moment later. Here the
 *     backup activates at once on a STOPPED only from a primary it has seen RUNNING since it last
 *     found it dead (a primary that stopped cleanly or failed, handing over). A primary it has only
 *     heard STOPPED from is starting: the backup gives it {@code deadtime} to go RUNNING, and
 *     takes over only if it does not.
 * <li>Every change of state is told to the partner at once with an extra heartbeat, and a clean
 *     stop ends with STOPPED ({@link Action.Shutdown}), so the partner takes over without waiting
 *     for {@code deadtime}.
 * <li>A partner whose pulse crashed on a host that stays up is found dead after 2 keepalives of
 *     silence rather than {@code deadtime}, when its kernel answered one of our heartbeats with
 *     ICMP port unreachable after its last heartbeat ({@link #partnerPortClosed},
 *     {@link PartnerPortWatch}). See {@link #portClosedDeadline}. While the partner's heartbeat
 *     is overdue and that evidence is not in yet, heartbeats go out a quarter keepalive apart
 *     ({@link #probeAt}), so that the port unreachable comes soon after the port closes.
 * </ul>
 */
final class Failover {

    private static final long NEVER = Long.MAX_VALUE;
    private static final long NONE = Long.MIN_VALUE;

    private final Role role;
    private final boolean hasPartner;
    private long keepalive;
    private long deadtime;

    private boolean started;
    private boolean stopped;
    private boolean active;
    private boolean linkFailure;
    private boolean childFailure;
    private boolean primaryNicUp = true;
    private boolean privateNicUp = true;
    private boolean hotStandby;

    private final LvsdRestarts lvsdRestarts = new LvsdRestarts();
    /** The start of the line that says why the partner was found dead early (see {@link #partnerPortClosed}). */
    private String portClosedWords = "";
    /** When the standby lvsd that died on this passive router is started again. */
    private long lvsdRestartAt = NEVER;

    /** The partner was heard RUNNING since it was last found dead (or since we started). */
    private boolean partnerSeenRunning;
    /** The last RUNNING or STOPPED heard from the partner; null when nothing since it was found dead. */
    private Heartbeat partnerLast;

    /** When the partner's last heartbeat was read; {@link #NONE} when none since start or since it was found dead. */
    private long lastHeard = NONE;
    /** When the latest ICMP port unreachable for our heartbeat to the partner arrived; {@link #NONE} if none. */
    private long portClosedAt = NONE;
    /** Whether ICMP port unreachable reaches {@link #partnerPortClosed}, so that probing can draw it. */
    private boolean probing;
    /** When our latest heartbeat went out; {@link #NONE} before the first. */
    private long lastSent = NONE;
    /** A probe went out since the partner was last heard (for the one DEBUG line per silence). */
    private boolean probedThisSilence;

    private long nextSend = NEVER;
    private long partnerDeadline = NEVER;
    /** When a backup stops waiting for a starting primary to go RUNNING. */
    private long graceDeadline = NEVER;

    /**
     * @param hasPartner false when lvs.cf has no backup router ({@code backup_active = 0}): no
     *                   heartbeats are sent and the master activates once {@code deadtime} has passed
     */
    Failover(Role role, boolean hasPartner, Duration keepalive, Duration deadtime) {
        this.role = role;
        this.hasPartner = hasPartner;
        this.keepalive = positive(keepalive, "keepalive");
        this.deadtime = positive(deadtime, "deadtime");
    }

    /** Piranha's start: log the role, clear up as a passive router, then (if forced) activate. */
    List<Action> start(long now, boolean forceActive) {
        List<Action> actions = new ArrayList<>();
        if (started) {
            return actions;
        }
        started = true;
        actions.add(Action.Log.info("STARTING PULSE AS " + role));
        actions.add(Action.DEACTIVATE);
        partnerDeadline = now + deadtime;
        if (forceActive) {
            actions.add(Action.Log.info("Forced active on startup: activating lvs"));
            activate(now, actions);
        } else {
            send(now, actions);
        }
        return actions;
    }

    /** A valid heartbeat arrived from the partner (its address and length already checked). */
    List<Action> heartbeat(Heartbeat heartbeat, long now) {
        List<Action> actions = new ArrayList<>();
        if (!running()) {
            return actions;
        }
        partnerDeadline = now + deadtime;
        lastHeard = now;
        probedThisSilence = false;
        actions.add(new Action.Log(Severity.DEBUG, "DEBUG -- Received Heartbeat from partner"));
        switch (heartbeat) {
            case RUNNING -> partnerRunning(now, actions);
            case STOPPED -> partnerStopped(now, actions);
            case HOLD, HELD -> { } // Piranha's handling of these was compiled out: they only prove life
        }
        return actions;
    }

    private void partnerRunning(long now, List<Action> actions) {
        childFailure = false;
        partnerSeenRunning = true;
        partnerLast = Heartbeat.RUNNING;
        graceDeadline = NEVER;
        if (!active) {
            return; // no preemption: a returning primary stays passive while the backup is active
        }
        if (role == Role.BACKUP) {
            // One more RUNNING makes the primary announce its addresses again once we let go.
            actions.add(new Action.Send(Heartbeat.RUNNING));
            actions.add(Action.Log.info("partner active: deactivating LVS"));
            deactivate(now, actions);
        } else {
            actions.add(Action.Log.info("partner active: resending arps"));
            actions.add(Action.RESEND_ARPS);
        }
    }

    private void partnerStopped(long now, List<Action> actions) {
        partnerLast = Heartbeat.STOPPED;
        if (active || !mayActivate()) {
            return;
        }
        if (role == Role.MASTER) {
            actions.add(Action.Log.info("backup inactive: activating lvs"));
            activate(now, actions);
        } else if (partnerSeenRunning) {
            actions.add(Action.Log.info("primary inactive: activating lvs"));
            activate(now, actions);
        } else if (graceDeadline == NEVER) {
            graceDeadline = now + deadtime;
            actions.add(Action.Log.info("primary is up but not active yet: giving it " + seconds(deadtime)
                    + " s (deadtime) to become active before taking over"));
        }
    }

    /**
     * The partner's kernel answered our heartbeat to {@code partner}'s {@code port} with ICMP port
     * unreachable, received at {@code at}: nothing listens there, so its pulse is not running.
     * Changes nothing by itself; it may bring the partner's deadline forward
     * ({@link #portClosedDeadline}), which {@link #nextWakeup} then says.
     */
    void partnerPortClosed(String partner, int port, long at) {
        if (running() && lastHeard != NONE && at > lastHeard) {
            portClosedAt = at;
            portClosedWords = "partner " + partner + "'s heartbeat port " + port
                    + " is closed (ICMP port unreachable): its pulse is not running; ";
        }
    }

    /**
     * When the partner counts as dead on the evidence of a closed heartbeat port: 2 keepalives
     * after its last heartbeat, if the port was found closed after that heartbeat (older evidence
     * is void: the partner has spoken since). A forged ICMP cannot manufacture silence: a live
     * partner keeps sending heartbeats, each of which voids the evidence, so a forger can at most
     * shorten the wait from {@code deadtime} to 2 keepalives during a real silence. A host that is
     * down answers nothing, and {@code deadtime} applies unchanged.
     */
    private long portClosedDeadline() {
        if (lastHeard == NONE || portClosedAt == NONE || portClosedAt <= lastHeard || 2 * keepalive >= deadtime) {
            return NEVER;
        }
        return lastHeard + 2 * keepalive;
    }

    /**
     * Runs the evidence path once on a scratch state machine of the same role and timers (a
     * heartbeat, a probe, a closed port, the early death and its lines), actions thrown away: the first
     * real port unreachable then runs linked code whose string concatenations are bootstrapped.
     * Cold, that path cost a takeover at keepalive 0.01 5-8 ms between the ICMP on the wire and the
     * first gratuitous ARP (see {@link LvsRouter#rehearseTakeover} for the takeover's own steps).
     */
    void rehearsePortClosed() {
        Failover scratch = new Failover(role, true, Duration.ofNanos(keepalive), Duration.ofNanos(deadtime));
        scratch.probeSilentPartner(true);
        scratch.start(0, false);
        scratch.heartbeat(Heartbeat.RUNNING, 0);
        scratch.tick(scratch.nextWakeup()); // our regular heartbeat
        scratch.tick(scratch.nextWakeup()); // the first probe, and its DEBUG line
        scratch.partnerPortClosed("0.0.0.0", 0, 1);
        scratch.nextWakeup();
        scratch.tick(2 * keepalive);
    }

    /**
     * Whether to probe a silent partner ({@link #probeAt}): only worth it when ICMP port
     * unreachable for our heartbeats reaches {@link #partnerPortClosed} (pulse's raw ICMP socket
     * is open).
     */
    void probeSilentPartner(boolean on) {
        probing = on;
    }

    /** How far apart probes go: a quarter keepalive, so at most 4 heartbeats a keepalive, and only during a silence. */
    private long probeSpacing() {
        return keepalive / 4;
    }

    /**
     * When the next probe is due: an extra heartbeat of our state (same datagram, socket and path
     * as any other; Piranha's pulse takes it for one more heartbeat), sent while the partner's
     * heartbeat is overdue (more than a keepalive and a spacing since the last one), so that its
     * kernel answers ICMP port unreachable soon after its crashed pulse's port is closed. A killed
     * JVM's port closes only once the kernel has torn its memory down, 10-70 ms after kill -9 on a
     * busy 2-core host, and the answer then waited for our next regular heartbeat, up to a
     * keepalive later. Never when not probing, when the partner has not been heard since it was
     * last found dead (its deadline decides), once the evidence is in (it decides), or when the
     * evidence could not bring the deadline forward. A probe never goes out closer than
     * {@link #probeSpacing} after our previous heartbeat; probing stops when a heartbeat is heard
     * or the partner is found dead.
     */
    private long probeAt() {
        if (!probing || !hasPartner || lastHeard == NONE || lastSent == NONE || 2 * keepalive >= deadtime
                || portClosedAt != NONE && portClosedAt > lastHeard) {
            return NEVER;
        }
        return Math.max(lastHeard + keepalive + probeSpacing(), lastSent + probeSpacing());
    }

    /** Time passed: send the heartbeat that is due, and act on the deadlines that passed. */
    List<Action> tick(long now) {
        List<Action> actions = new ArrayList<>();
        if (!running()) {
            return actions;
        }
        long portClosedDeadline = portClosedDeadline();
        if (now >= partnerDeadline || now >= portClosedDeadline) {
            boolean partnerHostUp = portClosedAt != NONE && portClosedAt > lastHeard;
            if (now < partnerDeadline) {
                actions.add(Action.Log.info(portClosedWords + "declaring it dead after "
                        + (now - lastHeard) / 1_000_000 + " ms of silence instead of deadtime ("
                        + seconds(deadtime) + " s)"));
            }
            partnerDeadline = now + deadtime;
            lastHeard = NONE;
            portClosedAt = NONE;
            probedThisSilence = false;
            partnerSeenRunning = false;
            partnerLast = null;
            graceDeadline = NEVER;
            if (!active && mayActivate()) {
                actions.add(Action.Log.info("partner dead: activating lvs"));
                activate(now, actions, partnerHostUp ? Action.ACTIVATE_BESIDE_PARTNER : Action.ACTIVATE);
            }
        }
        if (now >= graceDeadline) {
            graceDeadline = NEVER;
            if (!active && mayActivate() && partnerLast == Heartbeat.STOPPED) {
                actions.add(Action.Log.info("primary inactive: activating lvs"));
                activate(now, actions);
            }
        }
        if (now >= lvsdRestartAt) {
            lvsdRestartAt = NEVER;
            if (!active) {
                actions.add(Action.Log.info(hotStandby ? "starting the standby lvsd again (hot_standby = 1)"
                        : "starting the parked lvsd again (hot_standby = 0)"));
                actions.add(Action.START_STANDBY_LVSD);
            }
        }
        if (now >= nextSend) {
            send(now, actions);
        } else if (now >= probeAt()) {
            probe(now, actions);
        }
        return actions;
    }

    /** lvsd, started by us, ended without being asked to. {@code status} is Java's exit value. */
    List<Action> lvsdExited(long pid, int status, long now) {
        return lvsdGone(new Action.Log(Severity.WARNING, ChildStatus.describe(pid, status)), now);
    }

    /** lvsd could not be started at all. */
    List<Action> lvsdFailed(String reason, long now) {
        return lvsdGone(new Action.Log(Severity.ERR, reason), now);
    }

    private List<Action> lvsdGone(Action.Log what, long now) {
        List<Action> actions = new ArrayList<>();
        if (!running()) {
            return actions;
        }
        actions.add(what);
        if (active) {
            childFailure = true;
            actions.add(new Action.Log(Severity.WARNING, "lvsd is gone: LVS deactivated; this router stays inactive"
                    + " until its partner is active (see lvsd's lines above for the cause)"));
            deactivate(now, actions);
        } else {
            LvsdRestarts.Restart restart = lvsdRestarts.died(now);
            lvsdRestartAt = now + restart.delay().toNanos();
            String delay = seconds(restart.delay().toNanos());
            if (restart.keepsDying()) {
                actions.add(new Action.Log(Severity.ERR, "lvsd keeps dying on this passive router ("
                        + restart.deathsInARow() + " times in a row): starting it again in " + delay + " s, and again"
                        + " after each death; until it stays up, a takeover by this router is "
                        + (hotStandby ? "cold" : "slower (lvsd starts from scratch)")
                        + ". Look at lvsd's lines above for why it dies"));
            } else if (hotStandby) {
                actions.add(new Action.Log(Severity.WARNING, "the standby lvsd died while this router is passive"
                        + " (hot_standby = 1): starting it again in " + delay + " s, so that a takeover here"
                        + " finds its table ready"));
            } else {
                actions.add(new Action.Log(Severity.WARNING, "the parked lvsd died while this router is passive"
                        + " (hot_standby = 0): starting it again in " + delay + " s, so that a takeover here need"
                        + " not wait for lvsd to start"));
            }
        }
        return actions;
    }

    /**
     * The links that hold this router's own addresses, as {@code monitor_links} watches them
     * ({@code privateUp} is true when there is no private path).
     */
    List<Action> links(boolean primaryUp, boolean privateUp, long now) {
        List<Action> actions = new ArrayList<>();
        if (!running()) {
            return actions;
        }
        if (primaryNicUp && !primaryUp) {
            actions.add(new Action.Log(Severity.WARNING, "Primary NIC: link down"));
        }
        if (privateNicUp && !privateUp) {
            actions.add(new Action.Log(Severity.WARNING, "Private NIC: link down"));
        }
        primaryNicUp = primaryUp;
        privateNicUp = privateUp;
        boolean failed = !primaryUp || !privateUp;
        if (failed && !linkFailure) {
            linkFailure = true;
            graceDeadline = NEVER;
            actions.add(new Action.Log(Severity.WARNING, "Local NIC link failure: Pulse disabled"));
            if (active) {
                actions.add(Action.Log.info("local link failure: deactivating LVS"));
                deactivate(now, actions);
            }
        } else if (!failed && linkFailure) {
            linkFailure = false;
            actions.add(Action.Log.info("Local NIC link(s) restored: Pulse enabled"));
        }
        return actions;
    }

    /** TERM or INT: deactivate, tell the partner, exit. */
    List<Action> terminate(int signal, long now) {
        List<Action> actions = new ArrayList<>();
        if (stopped) {
            return actions;
        }
        stopped = true;
        active = false;
        actions.add(Action.Log.info("Terminating due to signal " + signal));
        actions.add(new Action.Shutdown(started && hasPartner));
        return actions;
    }

    /** New keepalive and deadtime from a reload; the partner gets a full deadtime from now. */
    void retime(Duration keepalive, Duration deadtime, long now) {
        this.keepalive = positive(keepalive, "keepalive");
        this.deadtime = positive(deadtime, "deadtime");
        if (running()) {
            partnerDeadline = now + this.deadtime;
            nextSend = Math.min(nextSend, now + this.keepalive);
        }
    }

    /**
     * {@code hot_standby}, at start and after a reload: whether the passive router's lvsd keeps
     * the table ready or runs parked. Turning it off drops a pending restart: the reload starts
     * the parked lvsd itself.
     */
    void hotStandby(boolean on) {
        hotStandby = on;
        if (!on) {
            lvsdRestartAt = NEVER;
        }
    }

    /** When {@link #tick} must next be called, on the same clock as the events. */
    long nextWakeup() {
        if (!running()) {
            return NEVER;
        }
        long partnerDead = Math.min(partnerDeadline, portClosedDeadline());
        long send = Math.min(nextSend, probeAt());
        return Math.min(Math.min(Math.min(send, partnerDead), graceDeadline), lvsdRestartAt);
    }

    boolean isActive() {
        return active;
    }

    /** Activation is forbidden: a link is down or lvsd failed. */
    boolean isHeld() {
        return linkFailure || childFailure;
    }

    Role role() {
        return role;
    }

    private boolean running() {
        return started && !stopped;
    }

    private boolean mayActivate() {
        return !linkFailure && !childFailure;
    }

    private void activate(long now, List<Action> actions) {
        activate(now, actions, Action.ACTIVATE);
    }

    private void activate(long now, List<Action> actions, Action.Activate activation) {
        active = true;
        graceDeadline = NEVER;
        lvsdRestartAt = NEVER; // activation starts lvsd anyway
        actions.add(activation);
        send(now, actions);
    }

    private void deactivate(long now, List<Action> actions) {
        active = false;
        lvsdRestartAt = NEVER; // deactivation starts the standby lvsd if it does not run
        actions.add(Action.DEACTIVATE);
        send(now, actions);
    }

    /** Sends our state now, and re-arms the keepalive timer from now, as Piranha. */
    private void send(long now, List<Action> actions) {
        if (hasPartner) {
            actions.add(new Action.Send(Heartbeat.of(active)));
            lastSent = now;
            nextSend = now + keepalive;
        } else {
            nextSend = NEVER;
        }
    }

    /** One probe ({@link #probeAt}): our state, out of turn; the keepalive timer keeps Piranha's cadence. */
    private void probe(long now, List<Action> actions) {
        if (!probedThisSilence) {
            probedThisSilence = true;
            actions.add(new Action.Log(Severity.DEBUG, "partner's heartbeat is overdue: sending ours every "
                    + seconds(probeSpacing()) + " s until it is heard or found dead, so that an ICMP port"
                    + " unreachable soon tells if its pulse is not running"));
        }
        actions.add(new Action.Send(Heartbeat.of(active)));
        lastSent = now;
    }

    private static long positive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
        return duration.toNanos();
    }

    /** 0.3, 1, 18: seconds as lvs.cf writes them. */
    static String seconds(long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }
}
