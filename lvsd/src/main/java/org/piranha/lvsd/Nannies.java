package org.piranha.lvsd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.piranha.daemon.DaemonLog;
import org.piranha.daemon.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one nanny per real server and keeps it running: relays its log lines, hands its reports
 * to the {@link Director}, starts it again with backoff when it dies ({@link RestartPolicy}) and
 * gives up on it when it keeps dying or exits with status 2 (bad arguments). Runs on lvsd's event
 * loop, like the Director that owns it.
 */
final class Nannies implements Nanny.Listener {

    /** What supervising the nannies needs from the {@link Director}. */
    interface Owner {
        /** lvsd is shutting down: reports and deaths no longer count. */
        boolean stopping();

        /** The real server is still one of a running service's. */
        boolean runs(ServiceRuntime service, ServerRuntime server);

        /** The real server's nanny reported (the server's health is updated): apply it. */
        void reported(ServiceRuntime service, ServerRuntime server);

        /** lvsd will not start this nanny again by itself: {@code hard_shutdown} decides what follows. */
        void gaveUp(ServiceRuntime service, ServerRuntime server);
    }

    private static final Logger log = LoggerFactory.getLogger(Nannies.class);

    /** A running nanny whose reports are applied, and the real server it checks. */
    private record Supervised(ServiceRuntime service, ServerRuntime server) {}

    private final Nanny.Launcher launcher;
    private final Timers timers;
    private final Owner owner;
    private final Map<Nanny, Supervised> running = new IdentityHashMap<>();
    /** While held, launches wait here (in order) instead of starting a JVM. */
    private final List<Supervised> held = new ArrayList<>();
    private boolean holding;

    /** @param launcher starts nannies; its listener calls must arrive on the event loop */
    Nannies(Nanny.Launcher launcher, Timers timers, Owner owner) {
        this.launcher = launcher;
        this.timers = timers;
        this.owner = owner;
    }

    /**
     * From now on nannies are not started but queued until {@link #release}: lvsd's start puts
     * the table in and checks the real servers itself first, and lets the nanny JVMs (and the
     * class-data archive they map) come after, off that path.
     */
    void hold() {
        holding = true;
    }

    /** Starts the queued nannies of the servers that still run, and every later one at once. */
    void release() {
        holding = false;
        List<Supervised> queued = List.copyOf(held);
        held.clear();
        for (Supervised next : queued) {
            if (!owner.stopping() && owner.runs(next.service(), next.server()) && next.server().nanny == null) {
                launch(next.service(), next.server());
            }
        }
    }

    void launch(ServiceRuntime service, ServerRuntime server) {
        if (holding) {
            held.removeIf(s -> s.server() == server);
            held.add(new Supervised(service, server));
            return;
        }
        server.pendingRestart = null;
        server.nannyRestarted();
        try {
            Nanny nanny = launcher.start(server.argv, this);
            server.nanny = nanny;
            running.put(nanny, new Supervised(service, server));
            log.info("create_monitor for {} running as pid {}", service.label(server), nanny.pid());
        } catch (IOException e) {
            log.error("cannot start nanny for child {}: {}: check client_monitor in lvs.cf", service.label(server),
                    e.getMessage());
            giveUp(service, server);
        }
    }

    /** Stops the server's nanny and starts a new one, with a fresh restart policy. */
    void restart(ServiceRuntime service, ServerRuntime server, String why) {
        log.info("restarting nanny for child {}: {}", service.label(server), why);
        server.cancelTimers();
        retire(server);
        server.givenUp = false;
        server.restarts = new RestartPolicy();
        launch(service, server);
    }

    /** Stops the server's nanny; from now on its reports are not applied (its log lines still are). */
    void retire(ServerRuntime server) {
        held.removeIf(s -> s.server() == server);
        if (server.nanny != null) {
            running.remove(server.nanny);
            server.nanny.stop();
            server.nanny = null;
        }
    }

    @Override
    public void line(Nanny nanny, String line) {
        NannyReport report = NannyReport.parse(line);
        if (report instanceof NannyReport.Log entry) {
            DaemonLog.forChild("nanny", nanny.pid()).log(entry.severity(), entry.message());
            return;
        }
        if (report instanceof NannyReport.Ready) {
            nanny.ready();
            return;
        }
        if (report instanceof NannyReport.Unknown unknown) {
            log.warn("nanny[{}] reported a line lvsd does not understand (ignored): {}", nanny.pid(), unknown.line());
            return;
        }
        Supervised supervised = running.get(nanny);
        if (supervised == null || owner.stopping()) {
            return;
        }
        ServerRuntime server = supervised.server();
        if (report instanceof NannyReport.Checked checked) {
            server.checked(checked.passed(), checked.micros()); // counted only: the next periodic report carries it
            return;
        }
        if (report instanceof NannyReport.Up up) {
            server.up(up.weight());
        } else if (report instanceof NannyReport.Down) {
            server.down();
        } else if (report instanceof NannyReport.Quiesce) {
            server.quiesce();
        }
        owner.reported(supervised.service(), server);
    }

    @Override
    public void stderr(Nanny nanny, String line) {
        DaemonLog.forChild("nanny", nanny.pid()).log(Severity.WARNING, line);
    }

    @Override
    public void exited(Nanny nanny, int status) {
        Supervised supervised = running.remove(nanny);
        if (supervised == null || owner.stopping()) {
            return;
        }
        ServiceRuntime service = supervised.service();
        ServerRuntime server = supervised.server();
        server.nanny = null;
        String label = service.label(server);
        if (status == 2) {
            log.error("nanny for child {} (pid {}) exited with status 2: its arguments are wrong (see its message);"
                    + " not starting it again", label, nanny.pid());
            giveUp(service, server);
            return;
        }
        RestartPolicy.Decision decision = server.restarts.onDeath(timers.now());
        if (decision.giveUp()) {
            log.error("nanny for child {} (pid {}) {}: it died {} times within {} s", label, nanny.pid(),
                    describe(status), decision.recentDeaths(), RestartPolicy.WINDOW.toSeconds());
            giveUp(service, server);
            return;
        }
        log.warn("nanny for child {} (pid {}) {}; starting it again in {} s (its real server stays as it is)",
                label, nanny.pid(), describe(status), NannyCommand.seconds(decision.delay()));
        server.pendingRestart = timers.after(decision.delay(), () -> relaunch(service, server));
    }

    private void relaunch(ServiceRuntime service, ServerRuntime server) {
        if (!owner.stopping() && server.nanny == null && owner.runs(service, server)) {
            launch(service, server);
        }
    }

    private static String describe(int status) {
        return status > 128 ? "was killed by signal " + (status - 128) : "exited with status " + status;
    }

    private void giveUp(ServiceRuntime service, ServerRuntime server) {
        server.givenUp = true;
        server.decided = true;
        owner.gaveUp(service, server);
    }
}
