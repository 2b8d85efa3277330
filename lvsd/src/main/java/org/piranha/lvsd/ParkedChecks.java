package org.piranha.lvsd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.VirtualService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parked lvsd's checks of its real servers (a cold standby, see {@link Lvsd}): each real server
 * that lvsd checks itself at start is checked here once every interval of its service (nanny's
 * {@code -t}), as its nanny will check it, so that at the takeover a server whose last check
 * passed less than an interval ago (or whose next check is under way) goes into the table at
 * once, as it would with a running nanny, whose state is its last finished check, instead of
 * after a check made only then. As the {@link StartProbe} of that start it answers with that
 * pass; a server whose last check failed, or that has none yet, with the check under way when it
 * ends; any other (a stale result, a server it does not check) is checked then, as at any start.
 * Nothing is written to IPVS and no nanny runs. Confined to the event loop.
 */
final class ParkedChecks implements StartProbe {

    private static final Logger log = LoggerFactory.getLogger(ParkedChecks.class);

    /** One real server to check: its nanny's command line (the key), its interval, what to call it. */
    record Target(List<String> nannyArgv, Duration interval, String label) {}

    private record Latest(Instant began, Result result) {}

    private final StartProbe checks;
    private final Executor loop;
    private final Timers timers;
    private final Map<List<String>, Target> targets = new LinkedHashMap<>();
    private final Map<List<String>, Latest> latest = new HashMap<>();
    /** Checks under way: who waits for each one's result (a start that asked meanwhile). */
    private final Map<List<String>, List<Consumer<Result>>> underway = new HashMap<>();
    private final Map<List<String>, Timers.Timer> next = new HashMap<>();
    private boolean stopped;

    /** @param checks makes the checks (off the loop) and hands their results to the loop */
    ParkedChecks(StartProbe checks, Executor loop, Timers timers) {
        this.checks = checks;
        this.loop = loop;
        this.timers = timers;
    }

    /** The real servers of {@code config} that lvsd checks itself at start, as its Director names them. */
    static List<Target> targets(LvsConfig config, Director.Settings settings) {
        List<Target> targets = new ArrayList<>();
        for (VirtualService service : config.activeServices()) {
            if (!StartProbe.checksAtStart(service)) {
                continue;
            }
            for (RealServer server : service.activeServers()) {
                List<String> argv = NannyCommand.of(config.globals(), service, server, settings.defaultNanny(),
                        settings.nodaemon(), settings.verbose());
                targets.add(new Target(argv, service.timeout(), "real server " + server.name() + " ("
                        + IpvsMapping.endpoint(service, server, config.globals().network()) + ") of virtual service "
                        + service.name()));
            }
        }
        return targets;
    }

    /**
     * Checks these servers from now on (a reload while parked replaces them): one due now is
     * checked at once, one checked less than an interval ago when its interval is over.
     */
    void follow(List<Target> wanted) {
        if (stopped) {
            return;
        }
        next.values().forEach(Timers.Timer::cancel);
        next.clear();
        targets.clear();
        wanted.forEach(target -> targets.putIfAbsent(target.nannyArgv(), target));
        latest.keySet().retainAll(targets.keySet());
        for (Target target : targets.values()) {
            if (!underway.containsKey(target.nannyArgv())) {
                scheduleAfter(target, latest.get(target.nannyArgv()));
            }
        }
    }

    /** The takeover: no further checks start; results of those under way still answer a start. */
    void stop() {
        stopped = true;
        next.values().forEach(Timers.Timer::cancel);
        next.clear();
    }

    @Override
    public void probe(List<String> nannyArgv, Consumer<Result> done) {
        Latest last = latest.get(nannyArgv);
        List<Consumer<Result>> waiting = underway.get(nannyArgv);
        if (last != null && last.result().passed() && (waiting != null || isFresh(last, targets.get(nannyArgv)))) {
            loop.execute(() -> done.accept(last.result()));
            return;
        }
        if (waiting != null) {
            waiting.add(done);
            return;
        }
        checks.probe(nannyArgv, done);
    }

    private boolean isFresh(Latest last, Target target) {
        return target != null && timers.now().isBefore(last.began().plus(target.interval()));
    }

    private void scheduleAfter(Target target, Latest last) {
        Duration wait = last == null ? Duration.ZERO
                : Duration.between(timers.now(), last.began().plus(target.interval()));
        if (wait.isNegative() || wait.isZero()) {
            check(target);
        } else {
            next.put(target.nannyArgv(), timers.after(wait, () -> {
                next.remove(target.nannyArgv());
                check(target);
            }));
        }
    }

    private void check(Target target) {
        if (stopped || !target.equals(targets.get(target.nannyArgv()))) {
            return;
        }
        List<String> argv = target.nannyArgv();
        Instant began = timers.now();
        underway.put(argv, new ArrayList<>());
        checks.probe(argv, result -> checked(target, began, result));
    }

    private void checked(Target target, Instant began, Result result) {
        List<String> argv = target.nannyArgv();
        List<Consumer<Result>> waiting = underway.remove(argv);
        if (waiting != null) {
            waiting.forEach(done -> done.accept(result));
        }
        if (!target.equals(targets.get(argv))) {
            return; // a reload while it ran: the server is no longer this one
        }
        Latest before = latest.put(argv, new Latest(began, result));
        report(target, before, result);
        if (!stopped) {
            scheduleAfter(target, latest.get(argv));
        }
    }

    private static void report(Target target, Latest before, Result result) {
        boolean passedBefore = before == null || before.result().passed();
        if (passedBefore && !result.passed()) {
            log.info("parked: {} did not pass this router's check: {}; should this router take over, it goes into"
                    + " the table only once a check passes", target.label(), result.reason());
        } else if (!passedBefore && result.passed()) {
            log.info("parked: {} passes this router's check again", target.label());
        }
    }
}
