package org.piranha.pulse;

import org.piranha.daemon.Severity;

/** What the {@link Failover} state machine asks the daemon around it to do, in order. */
sealed interface Action {

    Activate ACTIVATE = new Activate(false);
    /** {@link #ACTIVATE} where the partner's kernel may still be forwarding (see {@link Activate}). */
    Activate ACTIVATE_BESIDE_PARTNER = new Activate(true);
    Deactivate DEACTIVATE = new Deactivate();
    ResendArps RESEND_ARPS = new ResendArps();
    StartStandbyLvsd START_STANDBY_LVSD = new StartStandbyLvsd();

    /** Log one line. */
    record Log(Severity severity, String message) implements Action {
        static Log info(String message) {
            return new Log(Severity.INFO, message);
        }
    }

    /** Send one heartbeat to the partner, on every path. */
    record Send(Heartbeat heartbeat) implements Action {}

    /**
     * Become the active router: addresses up and announced, active_cmd, lvsd, sync daemon master.
     *
     * @param partnerMayForward the partner's host answered after its pulse fell silent (its
     *     heartbeat port is closed), so its kernel may still be forwarding with its table: a cold
     *     standby raises the addresses once its own table serves
     */
    record Activate(boolean partnerMayForward) implements Action {}

    /**
     * Be the passive router: addresses down, inactive_cmd, lvsd stopped (kept with hot standby),
     * sync daemon backup. Also the first action at start, which clears what a crash left behind.
     */
    record Deactivate() implements Action {}

    /** While active: run active_cmd again, make sure the addresses are up and announce them again. */
    record ResendArps() implements Action {}

    /** With {@code hot_standby}, on the passive router: start lvsd again (it died), unless it runs. */
    record StartStandbyLvsd() implements Action {}

    /**
     * Stop for good: deactivate, stop lvsd, then (when {@code farewell}) tell the partner with a
     * few STOPPED heartbeats, and exit 0.
     */
    record Shutdown(boolean farewell) implements Action {}
}
