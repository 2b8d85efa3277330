package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.piranha.daemon.Severity;

/** Every row of Piranha's state table (piranha.md §3.4), and the fixes. */
class FailoverTest {

    static final long MS = 1_000_000L;
    static final Duration KEEPALIVE = Duration.ofMillis(100);
    static final Duration DEADTIME = Duration.ofMillis(300);
    static final long DEAD = DEADTIME.toNanos();
    static final long SECOND = 1_000 * MS;

    static final Action SEND_RUNNING = new Action.Send(Heartbeat.RUNNING);
    static final Action SEND_STOPPED = new Action.Send(Heartbeat.STOPPED);

    static Failover started(Role role) {
        Failover failover = new Failover(role, true, KEEPALIVE, DEADTIME);
        failover.start(0, false);
        return failover;
    }

    /** A router that became active by finding its partner dead. */
    static Failover active(Role role) {
        Failover failover = started(role);
        failover.tick(DEAD);
        assertThat(failover.isActive()).isTrue();
        return failover;
    }

    /** The lines logged at INFO or above. */
    static List<String> lines(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Log log && log.severity() != Severity.DEBUG)
                .map(a -> ((Action.Log) a).message()).toList();
    }

    /** The actions other than logging. */
    static List<Action> effects(List<Action> actions) {
        return actions.stream().filter(a -> !(a instanceof Action.Log)).toList();
    }

    @Nested
    class Start {

        @Test
        void masterLogsItsRoleClearsUpAsPassiveAndSaysStoppedAtOnce() {
            Failover failover = new Failover(Role.MASTER, true, KEEPALIVE, DEADTIME);
            List<Action> actions = failover.start(0, false);
            assertThat(lines(actions)).containsExactly("STARTING PULSE AS MASTER");
            assertThat(effects(actions)).containsExactly(Action.DEACTIVATE, SEND_STOPPED);
            assertThat(failover.isActive()).isFalse();
            assertThat(failover.nextWakeup()).isEqualTo(KEEPALIVE.toNanos());
        }

        @Test
        void backupLogsItsRole() {
            Failover failover = new Failover(Role.BACKUP, true, KEEPALIVE, DEADTIME);
            assertThat(lines(failover.start(0, false))).containsExactly("STARTING PULSE AS BACKUP");
        }

        @Test
        void forceActiveActivatesAtOnceAndSaysRunning() {
            Failover failover = new Failover(Role.BACKUP, true, KEEPALIVE, DEADTIME);
            List<Action> actions = failover.start(0, true);
            assertThat(lines(actions)).containsExactly("STARTING PULSE AS BACKUP",
                    "Forced active on startup: activating lvs");
            assertThat(effects(actions)).containsExactly(Action.DEACTIVATE, Action.ACTIVATE, SEND_RUNNING);
            assertThat(failover.isActive()).isTrue();
        }

        @Test
        void startsOnlyOnce() {
            Failover failover = started(Role.MASTER);
            assertThat(failover.start(5 * MS, true)).isEmpty();
            assertThat(failover.isActive()).isFalse();
        }

        @Test
        void eventsBeforeStartDoNothing() {
            Failover failover = new Failover(Role.MASTER, true, KEEPALIVE, DEADTIME);
            assertThat(failover.heartbeat(Heartbeat.STOPPED, 0)).isEmpty();
            assertThat(failover.tick(DEAD * 10)).isEmpty();
            assertThat(failover.lvsdExited(12, 1, 0)).isEmpty();
            assertThat(failover.links(false, true, 0)).isEmpty();
            assertThat(failover.isActive()).isFalse();
        }

        @Test
        void refusesTimersThatAreNotPositive() {
            assertThatThrownBy(() -> new Failover(Role.MASTER, true, Duration.ZERO, DEADTIME))
                    .hasMessageContaining("keepalive");
            assertThatThrownBy(() -> new Failover(Role.MASTER, true, KEEPALIVE, Duration.ofSeconds(-1)))
                    .hasMessageContaining("deadtime");
        }
    }

    @Nested
    class Keepalive {

        @Test
        void sendsOurStateEveryKeepalive() {
            Failover failover = started(Role.MASTER);
            assertThat(failover.tick(99 * MS)).isEmpty();
            assertThat(effects(failover.tick(100 * MS))).containsExactly(SEND_STOPPED);
            assertThat(failover.nextWakeup()).isEqualTo(200 * MS);
            failover.heartbeat(Heartbeat.STOPPED, 150 * MS); // the backup: we activate and say so
            assertThat(effects(failover.tick(250 * MS))).containsExactly(SEND_RUNNING);
        }

        @Test
        void theTimerIsRearmedFromTheLastSend() {
            Failover failover = started(Role.MASTER);
            failover.heartbeat(Heartbeat.STOPPED, 50 * MS); // activates and sends RUNNING at 50 ms
            assertThat(failover.nextWakeup()).isEqualTo(150 * MS);
        }

        @Test
        void withoutPartnerNothingIsSentAndTheMasterActivatesAfterDeadtime() {
            Failover failover = new Failover(Role.MASTER, false, KEEPALIVE, DEADTIME);
            List<Action> start = failover.start(0, false);
            assertThat(effects(start)).containsExactly(Action.DEACTIVATE);
            assertThat(failover.nextWakeup()).isEqualTo(DEAD);
            assertThat(failover.tick(DEAD - 1)).isEmpty();
            List<Action> dead = failover.tick(DEAD);
            assertThat(lines(dead)).containsExactly("partner dead: activating lvs");
            assertThat(effects(dead)).containsExactly(Action.ACTIVATE);
            assertThat(effects(failover.tick(DEAD * 2))).isEmpty();
        }
    }

    @Nested
    class PartnerDeadlineExpires {

        @Test
        void passiveWithoutFlagsActivates() {
            Failover failover = started(Role.BACKUP);
            assertThat(failover.tick(DEAD - 1).stream().filter(Action.Activate.class::isInstance)).isEmpty();
            List<Action> actions = failover.tick(DEAD);
            assertThat(lines(actions)).containsExactly("partner dead: activating lvs");
            assertThat(effects(actions)).containsExactly(Action.ACTIVATE, SEND_RUNNING);
            assertThat(failover.isActive()).isTrue();
        }

        @Test
        void everyHeartbeatPostponesIt() {
            Failover failover = started(Role.BACKUP);
            failover.heartbeat(Heartbeat.RUNNING, 200 * MS);
            assertThat(failover.tick(DEAD).stream().anyMatch(Action.Activate.class::isInstance)).isFalse();
            assertThat(failover.tick(200 * MS + DEAD).stream().anyMatch(Action.Activate.class::isInstance)).isTrue();
        }

        @Test
        void holdAndHeldOnlyProveThePartnerAlive() {
            Failover failover = started(Role.MASTER);
            assertThat(effects(failover.heartbeat(Heartbeat.HOLD, 200 * MS))).isEmpty();
            assertThat(effects(failover.heartbeat(Heartbeat.HELD, 400 * MS))).isEmpty();
            assertThat(failover.isActive()).isFalse();
            assertThat(failover.tick(400 * MS + DEAD - 1).stream().anyMatch(Action.Activate.class::isInstance)).isFalse();
            assertThat(failover.tick(400 * MS + DEAD).stream().anyMatch(Action.Activate.class::isInstance)).isTrue();
        }

        @Test
        void whenAlreadyActiveNothingHappensAndItIsRearmed() {
            Failover failover = active(Role.MASTER);
            List<Action> actions = failover.tick(2 * DEAD);
            assertThat(lines(actions)).isEmpty();
            assertThat(actions).doesNotContain(Action.ACTIVATE, Action.DEACTIVATE);
            assertThat(failover.nextWakeup()).isLessThanOrEqualTo(3 * DEAD);
        }

        @Test
        void aLinkFailureForbidsActivation() {
            Failover failover = started(Role.BACKUP);
            failover.links(false, true, 10 * MS);
            assertThat(failover.tick(DEAD)).noneMatch(Action.Activate.class::isInstance);
            assertThat(failover.isActive()).isFalse();
        }

        @Test
        void aChildFailureForbidsActivation() {
            Failover failover = active(Role.BACKUP);
            failover.lvsdExited(4242, 1, DEAD + 10 * MS);
            assertThat(failover.tick(3 * DEAD)).noneMatch(Action.Activate.class::isInstance);
            assertThat(failover.isActive()).isFalse();
        }
    }

    @Nested
    class PartnerRunning {

        @Test
        void anActiveBackupSendsOneMoreRunningThenYields() {
            Failover failover = active(Role.BACKUP);
            List<Action> actions = failover.heartbeat(Heartbeat.RUNNING, DEAD + 50 * MS);
            assertThat(lines(actions)).containsExactly("partner active: deactivating LVS");
            assertThat(effects(actions)).containsExactly(SEND_RUNNING, Action.DEACTIVATE, SEND_STOPPED);
            assertThat(failover.isActive()).isFalse();
        }

        @Test
        void anActiveMasterAnnouncesAgain() {
            Failover failover = active(Role.MASTER);
            List<Action> actions = failover.heartbeat(Heartbeat.RUNNING, DEAD + 50 * MS);
            assertThat(lines(actions)).containsExactly("partner active: resending arps");
            assertThat(effects(actions)).containsExactly(Action.RESEND_ARPS);
            assertThat(failover.isActive()).isTrue();
        }

        @Test
        void aPassiveRouterStaysPassive_noPreemption() {
            for (Role role : Role.values()) {
                Failover failover = started(role);
                for (long t = 50 * MS; t < 10 * DEAD; t += 50 * MS) {
                    failover.tick(t);
                    List<Action> actions = failover.heartbeat(Heartbeat.RUNNING, t);
                    assertThat(lines(actions)).isEmpty();
                    assertThat(actions).noneMatch(Action.Activate.class::isInstance);
                }
                assertThat(failover.isActive()).as(role.toString()).isFalse();
            }
        }

        @Test
        void clearsTheChildFailure() {
            Failover failover = active(Role.MASTER);
            failover.lvsdExited(4242, 1, DEAD + 10 * MS);
            assertThat(failover.isHeld()).isTrue();
            assertThat(failover.heartbeat(Heartbeat.STOPPED, DEAD + 20 * MS)).noneMatch(Action.Activate.class::isInstance);
            failover.heartbeat(Heartbeat.RUNNING, DEAD + 30 * MS);
            assertThat(failover.isHeld()).isFalse();
            List<Action> actions = failover.heartbeat(Heartbeat.STOPPED, DEAD + 40 * MS);
            assertThat(lines(actions)).containsExactly("backup inactive: activating lvs");
        }
    }

    @Nested
    class PartnerStopped {

        @Test
        void aPassiveMasterActivatesAtOnce() {
            Failover failover = started(Role.MASTER);
            List<Action> actions = failover.heartbeat(Heartbeat.STOPPED, 10 * MS);
            assertThat(lines(actions)).containsExactly("backup inactive: activating lvs");
            assertThat(effects(actions)).containsExactly(Action.ACTIVATE, SEND_RUNNING);
        }

        @Test
        void aPassiveBackupActivatesAtOnceWhenThePrimaryWasRunning_aHandover() {
            Failover failover = started(Role.BACKUP);
            failover.heartbeat(Heartbeat.RUNNING, 10 * MS);
            failover.heartbeat(Heartbeat.RUNNING, 110 * MS);
            List<Action> actions = failover.heartbeat(Heartbeat.STOPPED, 150 * MS);
            assertThat(lines(actions)).containsExactly("primary inactive: activating lvs");
            assertThat(effects(actions)).containsExactly(Action.ACTIVATE, SEND_RUNNING);
        }

        @Test
        void aBackupGivesAStartingPrimaryDeadtimeToBecomeActive() {
            Failover failover = started(Role.BACKUP);
            List<Action> first = failover.heartbeat(Heartbeat.STOPPED, 10 * MS);
            assertThat(lines(first)).containsExactly(
                    "primary is up but not active yet: giving it 0.3 s (deadtime) to become active before taking over");
            assertThat(first).noneMatch(Action.Activate.class::isInstance);
            assertThat(lines(failover.heartbeat(Heartbeat.STOPPED, 110 * MS))).isEmpty();
            failover.heartbeat(Heartbeat.RUNNING, 200 * MS);
            for (long t = 200 * MS; t < 10 * DEAD; t += 50 * MS) {
                failover.heartbeat(Heartbeat.RUNNING, t);
                assertThat(failover.tick(t)).noneMatch(Action.Activate.class::isInstance);
            }
            assertThat(failover.isActive()).isFalse();
        }

        @Test
        void aBackupTakesOverFromAPrimaryThatStaysStoppedPastTheGrace() {
            Failover failover = started(Role.BACKUP);
            failover.heartbeat(Heartbeat.STOPPED, 10 * MS);
            failover.heartbeat(Heartbeat.STOPPED, 110 * MS);
            failover.heartbeat(Heartbeat.STOPPED, 210 * MS);
            assertThat(failover.nextWakeup()).isLessThanOrEqualTo(10 * MS + DEAD);
            assertThat(failover.tick(10 * MS + DEAD - 1)).noneMatch(Action.Activate.class::isInstance);
            List<Action> actions = failover.tick(10 * MS + DEAD);
            assertThat(lines(actions)).containsExactly("primary inactive: activating lvs");
            assertThat(effects(actions)).containsExactly(Action.ACTIVATE, SEND_RUNNING);
        }

        @Test
        void aPrimaryFoundDeadMustBeSeenRunningAgainBeforeItsStoppedHandsOver() {
            Failover failover = started(Role.BACKUP);
            failover.heartbeat(Heartbeat.RUNNING, 10 * MS);
            failover.links(false, true, 20 * MS); // holds us passive while the primary dies
            failover.tick(10 * MS + DEAD);        // partner dead: forgotten
            failover.links(true, true, 400 * MS);
            List<Action> actions = failover.heartbeat(Heartbeat.STOPPED, 450 * MS); // a restarted primary
            assertThat(actions).noneMatch(Action.Activate.class::isInstance);
            assertThat(lines(actions)).singleElement().asString().startsWith("primary is up but not active yet");
        }

        @Test
        void nothingWhileHeld() {
            Failover master = started(Role.MASTER);
            master.links(true, false, 5 * MS);
            assertThat(master.heartbeat(Heartbeat.STOPPED, 10 * MS)).noneMatch(Action.Activate.class::isInstance);
            Failover backup = started(Role.BACKUP);
            backup.heartbeat(Heartbeat.RUNNING, 5 * MS);
            backup.links(false, true, 6 * MS);
            assertThat(backup.heartbeat(Heartbeat.STOPPED, 10 * MS)).noneMatch(Action.Activate.class::isInstance);
            assertThat(backup.tick(10 * MS + DEAD)).noneMatch(Action.Activate.class::isInstance);
        }

        @Test
        void nothingWhenActive() {
            for (Role role : Role.values()) {
                Failover failover = active(role);
                List<Action> actions = failover.heartbeat(Heartbeat.STOPPED, DEAD + 10 * MS);
                assertThat(lines(actions)).isEmpty();
                assertThat(effects(actions)).isEmpty();
                assertThat(failover.isActive()).isTrue();
            }
        }
    }

    @Nested
    class LvsdExits {

        @Test
        void whileActive_logsTheChildDeactivatesAndHolds() {
            Failover failover = active(Role.MASTER);
            List<Action> actions = failover.lvsdExited(4242, 1, DEAD + 10 * MS);
            assertThat(lines(actions)).first().isEqualTo("Child process 4242 exited with status 1");
            assertThat(effects(actions)).containsExactly(Action.DEACTIVATE, SEND_STOPPED);
            assertThat(failover.isActive()).isFalse();
            assertThat(failover.isHeld()).isTrue();
            assertThat(failover.heartbeat(Heartbeat.STOPPED, DEAD + 20 * MS)).noneMatch(Action.Activate.class::isInstance);
            assertThat(failover.tick(5 * DEAD)).noneMatch(Action.Activate.class::isInstance);
        }

        @Test
        void killedBySignal() {
            Failover failover = active(Role.BACKUP);
            assertThat(lines(failover.lvsdExited(77, 137, DEAD + 1))).first()
                    .isEqualTo("Child process 77 terminated with signal 9");
        }

        @Test
        void thatCouldNotStartCountsAsDead() {
            Failover failover = active(Role.BACKUP);
            List<Action> actions = failover.lvsdFailed("cannot run /usr/sbin/lvsd: No such file", DEAD + 1);
            assertThat(lines(actions)).first().isEqualTo("cannot run /usr/sbin/lvsd: No such file");
            assertThat(effects(actions)).containsExactly(Action.DEACTIVATE, SEND_STOPPED);
            assertThat(failover.isHeld()).isTrue();
        }

        /** The partner stays active from {@code from} to {@code to}; returns what the ticks did on the way. */
        private List<Action> partnerAlive(Failover failover, long from, long to) {
            List<Action> actions = new java.util.ArrayList<>();
            for (long t = from; t <= to; t += 50 * MS) {
                failover.heartbeat(Heartbeat.RUNNING, t);
                actions.addAll(failover.tick(t));
            }
            return actions;
        }

        @Test
        void whilePassiveWithHotStandby_isStartedAgainAfterOneSecondThenLaterEachTime() {
            Failover failover = started(Role.BACKUP);
            failover.hotStandby(true);
            long died = 10 * MS;
            List<Action> actions = failover.lvsdExited(4242, 137, died);
            assertThat(lines(actions)).containsExactly("Child process 4242 terminated with signal 9",
                    "the standby lvsd died while this router is passive (hot_standby = 1): starting it again"
                            + " in 1 s, so that a takeover here finds its table ready");
            assertThat(effects(actions)).isEmpty();
            assertThat(failover.isHeld()).as("a passive router may still take over (cold)").isFalse();

            assertThat(partnerAlive(failover, died, died + SECOND - MS)).doesNotContain(Action.START_STANDBY_LVSD);
            List<Action> due = failover.tick(died + SECOND);
            assertThat(lines(due)).containsExactly("starting the standby lvsd again (hot_standby = 1)");
            assertThat(effects(due)).contains(Action.START_STANDBY_LVSD);
            assertThat(partnerAlive(failover, died + SECOND, died + 3 * SECOND))
                    .doesNotContain(Action.START_STANDBY_LVSD);

            long diedAgain = died + 3 * SECOND;
            assertThat(lines(failover.lvsdExited(4243, 1, diedAgain))).last().asString().contains("again in 2 s");
            assertThat(partnerAlive(failover, diedAgain, diedAgain + 2 * SECOND - MS))
                    .doesNotContain(Action.START_STANDBY_LVSD);
            assertThat(failover.tick(diedAgain + 2 * SECOND)).contains(Action.START_STANDBY_LVSD);
            assertThat(failover.isActive()).isFalse();
        }

        @Test
        void whilePassiveWithHotStandby_saysPlainlyWhenItKeepsDying() {
            Failover failover = started(Role.BACKUP);
            failover.hotStandby(true);
            long now = 0;
            List<Action> actions = List.of();
            for (int death = 1; death <= LvsdRestarts.KEEPS_DYING; death++) {
                actions = failover.lvsdExited(4000 + death, 1, now);
                now += 100 * MS;
            }
            assertThat(actions).filteredOn(a -> a instanceof Action.Log log && log.severity() == Severity.ERR)
                    .singleElement().extracting(a -> ((Action.Log) a).message()).asString()
                    .startsWith("lvsd keeps dying on this passive router (5 times in a row): starting it again in")
                    .contains("a takeover by this router is cold")
                    .contains("Look at lvsd's lines above");
        }

        @Test
        void aPendingRestartIsDroppedWhenTheRouterActivatesOrHotStandbyIsTurnedOff() {
            Failover failover = started(Role.BACKUP);
            failover.hotStandby(true);
            failover.lvsdExited(4242, 1, 10 * MS);
            List<Action> takeover = failover.tick(DEAD); // partner dead: activation starts lvsd itself
            assertThat(takeover).anyMatch(Action.Activate.class::isInstance).doesNotContain(Action.START_STANDBY_LVSD);
            assertThat(failover.tick(DEAD + 2 * SECOND)).doesNotContain(Action.START_STANDBY_LVSD);

            Failover reloaded = started(Role.BACKUP);
            reloaded.hotStandby(true);
            reloaded.lvsdExited(4242, 1, 10 * MS);
            reloaded.hotStandby(false);
            assertThat(partnerAlive(reloaded, 10 * MS, 3 * SECOND)).doesNotContain(Action.START_STANDBY_LVSD);
        }

        @Test
        void whilePassiveWithColdStandby_theParkedLvsdIsStartedAgainWithBackoff() {
            Failover failover = started(Role.BACKUP);
            long died = 10 * MS;
            List<Action> actions = failover.lvsdExited(4242, 0, died);
            assertThat(lines(actions)).containsExactly("Child process 4242 exited with status 0",
                    "the parked lvsd died while this router is passive (hot_standby = 0): starting it again in 1 s,"
                            + " so that a takeover here need not wait for lvsd to start");
            assertThat(effects(actions)).isEmpty();
            assertThat(failover.isHeld()).isFalse();

            assertThat(partnerAlive(failover, died, died + SECOND - MS)).doesNotContain(Action.START_STANDBY_LVSD);
            List<Action> due = failover.tick(died + SECOND);
            assertThat(lines(due)).containsExactly("starting the parked lvsd again (hot_standby = 0)");
            assertThat(effects(due)).contains(Action.START_STANDBY_LVSD);

            long now = died + 2 * SECOND;
            for (int death = 2; death <= LvsdRestarts.KEEPS_DYING; death++) {
                actions = failover.lvsdExited(4242 + death, 1, now);
                now += 100 * MS;
            }
            assertThat(lines(actions)).last().asString()
                    .startsWith("lvsd keeps dying on this passive router (5 times in a row)")
                    .contains("a takeover by this router is slower (lvsd starts from scratch)");
        }
    }

    @Nested
    class Links {

        @Test
        void primaryLinkDownWhileActiveDeactivatesAndKeepsSendingStopped() {
            Failover failover = active(Role.MASTER);
            List<Action> down = failover.links(false, true, DEAD + 10 * MS);
            assertThat(lines(down)).containsExactly("Primary NIC: link down", "Local NIC link failure: Pulse disabled",
                    "local link failure: deactivating LVS");
            assertThat(effects(down)).containsExactly(Action.DEACTIVATE, SEND_STOPPED);
            assertThat(effects(failover.tick(DEAD + 200 * MS))).containsExactly(SEND_STOPPED);
            List<Action> up = failover.links(true, true, DEAD + 300 * MS);
            assertThat(lines(up)).containsExactly("Local NIC link(s) restored: Pulse enabled");
            assertThat(effects(up)).isEmpty();
            assertThat(lines(failover.heartbeat(Heartbeat.STOPPED, DEAD + 310 * MS)))
                    .containsExactly("backup inactive: activating lvs");
        }

        @Test
        void privateLinkDownWhilePassive() {
            Failover failover = started(Role.BACKUP);
            List<Action> down = failover.links(true, false, 10 * MS);
            assertThat(lines(down)).containsExactly("Private NIC: link down", "Local NIC link failure: Pulse disabled");
            assertThat(effects(down)).isEmpty();
        }

        @Test
        void eachNicIsReportedOnceWhenItGoesDown() {
            Failover failover = started(Role.BACKUP);
            failover.links(false, true, 10 * MS);
            List<Action> both = failover.links(false, false, 20 * MS);
            assertThat(lines(both)).containsExactly("Private NIC: link down");
            assertThat(lines(failover.links(true, false, 30 * MS))).isEmpty();
            assertThat(lines(failover.links(true, true, 40 * MS)))
                    .containsExactly("Local NIC link(s) restored: Pulse enabled");
        }
    }

    @Nested
    class Terminate {

        @Test
        void logsTheSignalAndShutsDownWithAFarewell() {
            Failover failover = active(Role.MASTER);
            List<Action> actions = failover.terminate(15, DEAD + 1);
            assertThat(lines(actions)).containsExactly("Terminating due to signal 15");
            assertThat(effects(actions)).containsExactly(new Action.Shutdown(true));
            assertThat(failover.isActive()).isFalse();
            assertThat(failover.tick(10 * DEAD)).isEmpty();
            assertThat(failover.heartbeat(Heartbeat.STOPPED, 10 * DEAD)).isEmpty();
            assertThat(failover.terminate(2, 10 * DEAD)).isEmpty();
        }

        @Test
        void withoutPartnerThereIsNobodyToTell() {
            Failover failover = new Failover(Role.MASTER, false, KEEPALIVE, DEADTIME);
            failover.start(0, false);
            assertThat(effects(failover.terminate(2, 1))).containsExactly(new Action.Shutdown(false));
        }
    }

    /** ICMP port unreachable for our heartbeat: evidence that the partner's pulse is not running. */
    @Nested
    class PartnerPortClosed {

        static final long LAST = 200 * MS; // before the deadtime from the start
        static final String EARLY = "partner 10.0.0.1's heartbeat port 539 is closed (ICMP port unreachable):"
                + " its pulse is not running; declaring it dead after 200 ms of silence instead of deadtime (0.3 s)";

        Failover heardAt(Role role, long when) {
            Failover failover = started(role);
            failover.tick(when); // our heartbeat that is due, so that the next one is due at when + keepalive
            failover.heartbeat(Heartbeat.RUNNING, when);
            return failover;
        }

        @Test
        void afterTheLastHeartbeatThePartnerIsDeadAfterTwoKeepalivesOfSilence() {
            Failover failover = heardAt(Role.BACKUP, LAST);
            failover.partnerPortClosed("10.0.0.1", 539, LAST + 30 * MS);
            assertThat(failover.nextWakeup()).isEqualTo(LAST + 100 * MS); // our next heartbeat is due first
            failover.tick(LAST + 100 * MS);
            assertThat(failover.nextWakeup()).isEqualTo(LAST + 200 * MS);
            assertThat(failover.tick(LAST + 200 * MS - 1)).noneMatch(Action.Activate.class::isInstance);
            List<Action> actions = failover.tick(LAST + 200 * MS);
            assertThat(lines(actions)).containsExactly(EARLY, "partner dead: activating lvs");
            assertThat(effects(actions)).containsExactly(Action.ACTIVATE_BESIDE_PARTNER, SEND_RUNNING);
            assertThat(failover.isActive()).isTrue();
        }

        @Test
        void theRehearsalChangesNothing() {
            Failover failover = heardAt(Role.BACKUP, LAST);
            long wakeup = failover.nextWakeup();
            failover.rehearsePortClosed();
            assertThat(failover.nextWakeup()).isEqualTo(wakeup);
            assertThat(failover.tick(LAST + 200 * MS)).noneMatch(Action.Activate.class::isInstance);
            assertThat(failover.isActive()).isFalse();
        }

        @Test
        void evidenceThatComesLateActsAtOnce() {
            Failover failover = heardAt(Role.MASTER, LAST);
            failover.partnerPortClosed("10.0.0.1", 539, LAST + 250 * MS);
            assertThat(failover.nextWakeup()).isLessThan(LAST + 250 * MS);
            assertThat(failover.tick(LAST + 250 * MS)).contains(Action.ACTIVATE_BESIDE_PARTNER);
        }

        @Test
        void aPartnerDeclaredDeadOnDeadtimeAloneMayNotBeForwarding() {
            Failover failover = heardAt(Role.BACKUP, LAST);
            assertThat(effects(failover.tick(LAST + DEAD))).containsExactly(Action.ACTIVATE, SEND_RUNNING);
        }

        @Test
        void aHeartbeatAfterTheEvidenceVoidsIt_forgeryCannotMakeSilence() {
            Failover failover = heardAt(Role.BACKUP, LAST);
            failover.partnerPortClosed("10.0.0.1", 539, LAST + 10 * MS);
            failover.heartbeat(Heartbeat.RUNNING, LAST + 100 * MS);
            assertThat(failover.tick(LAST + 200 * MS)).noneMatch(Action.Activate.class::isInstance);
            assertThat(failover.tick(LAST + 299 * MS)).noneMatch(Action.Activate.class::isInstance);
            assertThat(failover.tick(LAST + 100 * MS + DEAD)).anyMatch(Action.Activate.class::isInstance);
        }

        @Test
        void evidenceOlderThanTheLastHeartbeatIsVoid() {
            Failover failover = heardAt(Role.BACKUP, LAST);
            failover.partnerPortClosed("10.0.0.1", 539, LAST - 1);
            failover.partnerPortClosed("10.0.0.1", 539, LAST);
            assertThat(failover.tick(LAST + 200 * MS)).noneMatch(Action.Activate.class::isInstance);
            assertThat(failover.tick(LAST + DEAD)).anyMatch(Action.Activate.class::isInstance);
        }

        @Test
        void withoutAHeartbeatSinceStartDeadtimeApplies_aStartingPartnerGetsItsTime() {
            Failover failover = started(Role.BACKUP);
            failover.partnerPortClosed("10.0.0.1", 539, 10 * MS);
            assertThat(failover.tick(200 * MS)).noneMatch(Action.Activate.class::isInstance);
            assertThat(failover.tick(DEAD)).anyMatch(Action.Activate.class::isInstance);
        }

        @Test
        void onlyWhenTwoKeepalivesAreShorterThanDeadtime() {
            Failover failover = new Failover(Role.BACKUP, true, Duration.ofMillis(100), Duration.ofMillis(200));
            failover.start(0, false);
            failover.heartbeat(Heartbeat.RUNNING, LAST);
            failover.partnerPortClosed("10.0.0.1", 539, LAST + 10 * MS);
            List<Action> actions = failover.tick(LAST + 200 * MS);
            assertThat(lines(actions)).containsExactly("partner dead: activating lvs");
            assertThat(actions).as("deadtime decided, but the evidence still says the partner's host is up")
                    .contains(Action.ACTIVATE_BESIDE_PARTNER);
        }

        @Test
        void anActiveRouterOnlyForgetsThePartner_asOnSilence() {
            Failover failover = active(Role.MASTER); // at DEAD
            long last = DEAD + 50 * MS;
            failover.heartbeat(Heartbeat.STOPPED, last);
            failover.partnerPortClosed("10.0.0.1", 539, last + 10 * MS);
            List<Action> actions = failover.tick(last + 200 * MS);
            assertThat(lines(actions)).containsExactly(EARLY);
            assertThat(actions).doesNotContain(Action.ACTIVATE, Action.DEACTIVATE);
            assertThat(failover.isActive()).isTrue();
        }

        @Test
        void aHeldRouterStaysPassive_asOnSilence() {
            Failover failover = heardAt(Role.BACKUP, LAST);
            failover.links(false, true, LAST + 1);
            failover.partnerPortClosed("10.0.0.1", 539, LAST + 10 * MS);
            assertThat(failover.tick(LAST + 200 * MS)).noneMatch(Action.Activate.class::isInstance);
            assertThat(failover.isActive()).isFalse();
        }

        @Test
        void thePartnerFoundDeadIsForgotten_noSecondEarlyVerdictWithoutANewHeartbeat() {
            Failover failover = heardAt(Role.BACKUP, LAST);
            failover.partnerPortClosed("10.0.0.1", 539, LAST + 10 * MS);
            failover.tick(LAST + 200 * MS);
            failover.partnerPortClosed("10.0.0.1", 539, LAST + 300 * MS);
            assertThat(lines(failover.tick(LAST + 500 * MS))).isEmpty();
            assertThat(failover.nextWakeup()).isGreaterThan(LAST + 500 * MS);
        }
    }

    /**
     * Extra heartbeats while the partner is overdue, so that its kernel's ICMP port unreachable
     * comes soon after its crashed pulse's port closes. Keepalive 0.1, deadtime 0.3: probes go out
     * 25 ms apart from 125 ms of silence on.
     */
    @Nested
    class ProbesASilentPartner {

        static final long LAST = 200 * MS;
        static final long SPACING = 25 * MS;
        static final String FIRST_PROBE = "partner's heartbeat is overdue: sending ours every 0.025 s until it is"
                + " heard or found dead, so that an ICMP port unreachable soon tells if its pulse is not running";

        Failover probing(Role role) {
            Failover failover = new Failover(role, true, KEEPALIVE, DEADTIME);
            failover.probeSilentPartner(true);
            failover.start(0, false);
            return failover;
        }

        Failover heardAt(Failover failover, long when) {
            failover.tick(when); // our heartbeat that is due, so that the next one is due at when + keepalive
            failover.heartbeat(Heartbeat.RUNNING, when);
            return failover;
        }

        /** Ticks at every wakeup until {@code until} (exclusive); the times at which a heartbeat went out. */
        List<Long> sendsUntil(Failover failover, long until) {
            List<Long> sends = new java.util.ArrayList<>();
            for (long now = failover.nextWakeup(); now < until; now = failover.nextWakeup()) {
                long at = now;
                failover.tick(now).stream().filter(a -> a instanceof Action.Send).forEach(a -> sends.add(at));
            }
            return sends;
        }

        static long ms(long millis) {
            return millis * MS;
        }

        @Test
        void onceOverdueAQuarterKeepaliveApartBesideTheRegularOnes_untilThePartnerIsFoundDead() {
            Failover failover = heardAt(probing(Role.BACKUP), LAST);
            assertThat(sendsUntil(failover, LAST + DEAD)).containsExactly(ms(300), ms(325), ms(350), ms(375),
                    ms(400), ms(425), ms(450), ms(475));
            List<Action> dead = failover.tick(LAST + DEAD);
            assertThat(dead).anyMatch(Action.Activate.class::isInstance);
            assertThat(effects(dead)).containsExactly(Action.ACTIVATE, SEND_RUNNING);
        }

        @Test
        void aProbeIsAHeartbeatOfOurState_andOnlyTheFirstOfASilenceSaysSoAtDebug() {
            Failover failover = heardAt(probing(Role.BACKUP), LAST);
            failover.tick(ms(300));
            List<Action> first = failover.tick(ms(325));
            assertThat(first).containsExactly(new Action.Log(Severity.DEBUG, FIRST_PROBE), SEND_STOPPED);
            assertThat(failover.tick(ms(350))).containsExactly(SEND_STOPPED);
        }

        @Test
        void noneWhileThePartnerIsOnTime() {
            Failover failover = heardAt(probing(Role.BACKUP), LAST);
            List<Long> sends = new java.util.ArrayList<>();
            for (long heard = LAST + ms(100); heard <= ms(2000); heard += ms(100)) {
                sends.addAll(sendsUntil(failover, heard + ms(10))); // each heartbeat 10 ms late
                failover.heartbeat(Heartbeat.RUNNING, heard + ms(10));
            }
            assertThat(sends).hasSize(18).allMatch(t -> t % ms(100) == 0); // ours, every keepalive
        }

        @Test
        void aHeartbeatHeardStopsThem() {
            Failover failover = heardAt(probing(Role.BACKUP), LAST);
            assertThat(sendsUntil(failover, ms(340))).containsExactly(ms(300), ms(325));
            failover.heartbeat(Heartbeat.RUNNING, ms(340));
            assertThat(sendsUntil(failover, ms(465))).containsExactly(ms(400)); // overdue again at 465
            assertThat(sendsUntil(failover, ms(491))).containsExactly(ms(465), ms(490));
        }

        @Test
        void theEvidenceStopsThem_itDecidesNow() {
            Failover failover = heardAt(probing(Role.BACKUP), LAST);
            assertThat(sendsUntil(failover, ms(340))).containsExactly(ms(300), ms(325));
            failover.partnerPortClosed("10.0.0.1", 539, ms(330));
            assertThat(failover.nextWakeup()).isEqualTo(ms(400)); // 2 keepalives after the last heartbeat
            assertThat(failover.tick(ms(400))).contains(Action.ACTIVATE_BESIDE_PARTNER);
        }

        @Test
        void evidenceOlderThanTheLastHeartbeatDoesNotStopThem() {
            Failover failover = heardAt(probing(Role.BACKUP), LAST);
            failover.partnerPortClosed("10.0.0.1", 539, LAST - 1);
            assertThat(sendsUntil(failover, ms(340))).containsExactly(ms(300), ms(325));
        }

        @Test
        void thePartnerFoundDeadIsNotProbed_untilItIsHeardAgain() {
            Failover failover = heardAt(probing(Role.BACKUP), LAST);
            sendsUntil(failover, LAST + DEAD);
            failover.tick(LAST + DEAD); // dead: we activate and send RUNNING
            assertThat(sendsUntil(failover, ms(1000))).containsExactly(ms(600), ms(700), ms(800), ms(900));
        }

        @Test
        void notBeforeThePartnerWasEverHeard() {
            Failover failover = probing(Role.BACKUP);
            assertThat(sendsUntil(failover, DEAD)).containsExactly(ms(100), ms(200));
        }

        @Test
        void notWithoutTheIcmpWatch() {
            Failover failover = heardAt(started(Role.BACKUP), LAST);
            assertThat(sendsUntil(failover, LAST + DEAD)).containsExactly(ms(300), ms(400));
        }

        @Test
        void notWhenTheEvidenceCouldNotBringTheDeadlineForward() {
            Failover failover = new Failover(Role.BACKUP, true, KEEPALIVE, Duration.ofMillis(200));
            failover.probeSilentPartner(true);
            failover.start(0, false);
            heardAt(failover, LAST);
            assertThat(sendsUntil(failover, LAST + ms(200))).containsExactly(ms(300));
        }

        @Test
        void theRehearsalSendsNothingAndChangesNothing() {
            Failover failover = heardAt(probing(Role.BACKUP), LAST);
            long wakeup = failover.nextWakeup();
            failover.rehearsePortClosed();
            assertThat(failover.nextWakeup()).isEqualTo(wakeup);
            assertThat(sendsUntil(failover, LAST + DEAD)).hasSize(8);
        }

        /**
         * Whatever the partner does and whenever the loop ticks (late, early, on other events):
         * a heartbeat that is not a regular one (a keepalive after the previous regular one) nor
         * a change of state is a probe, and a probe never follows our previous heartbeat closer
         * than a quarter keepalive, nor comes before the partner is overdue.
         */
        @Test
        void neverCloserThanAQuarterKeepalive_neverBeforeThePartnerIsOverdue() {
            java.util.Random random = new java.util.Random(17);
            int total = 0;
            for (int run = 0; run < 200; run++) {
                Failover failover = probing(random.nextBoolean() ? Role.MASTER : Role.BACKUP);
                long lastRegular = 0;
                long lastSend = 0;
                long lastHeard = Long.MIN_VALUE / 2;
                int probes = 0;
                long now = 0;
                for (int step = 0; step < 400; step++) {
                    now = random.nextInt(4) == 0 ? now + random.nextInt((int) ms(30))
                            : Math.max(now, failover.nextWakeup() + random.nextInt((int) ms(3)));
                    if (random.nextInt(8) == 0) {
                        lastHeard = now;
                        List<Action> actions = failover.heartbeat(random.nextInt(4) == 0 ? Heartbeat.STOPPED
                                : Heartbeat.RUNNING, now);
                        if (actions.stream().anyMatch(a -> a instanceof Action.Send)) {
                            lastRegular = lastSend = now;
                        }
                        continue;
                    }
                    if (random.nextInt(40) == 0) {
                        failover.partnerPortClosed("10.0.0.1", 539, now);
                    }
                    List<Action> actions = failover.tick(now);
                    if (actions.stream().noneMatch(a -> a instanceof Action.Send)) {
                        continue;
                    }
                    boolean stateChange = actions.stream().anyMatch(Action.Activate.class::isInstance)
                            || actions.contains(Action.DEACTIVATE);
                    if (stateChange || now >= lastRegular + KEEPALIVE.toNanos()) {
                        lastRegular = now;
                    } else {
                        probes++;
                        assertThat(now - lastSend).isGreaterThanOrEqualTo(SPACING);
                        assertThat(now - lastHeard).isGreaterThanOrEqualTo(KEEPALIVE.toNanos() + SPACING);
                    }
                    lastSend = now;
                }
                total += probes;
            }
            assertThat(total).as("probes in all runs (the draw must make silences)").isGreaterThan(200);
        }
    }

    @Test
    void retimingGivesThePartnerAFullNewDeadtime() {
        Failover failover = started(Role.BACKUP);
        failover.retime(Duration.ofMillis(50), Duration.ofSeconds(2), 200 * MS);
        assertThat(failover.tick(DEAD)).noneMatch(Action.Activate.class::isInstance);
        assertThat(failover.nextWakeup()).isEqualTo(DEAD + 50 * MS);
        assertThat(failover.tick(200 * MS + 2000 * MS)).anyMatch(Action.Activate.class::isInstance);
    }
}
