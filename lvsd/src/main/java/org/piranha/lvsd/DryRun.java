package org.piranha.lvsd;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.piranha.daemon.DaemonLog;
import org.piranha.lvscf.ConfigDiff;
import org.piranha.lvscf.LvsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parked lvsd's rehearsal of its start (see {@link Lvsd}): the {@link Director} with the real
 * lvs.cf on a {@link RehearsalTable} (the kernel's IPVS in a network namespace of the rehearsal's
 * own, or a copy of the real table in memory), so that the classes and calls of the path to a
 * serving table are loaded, linked and run once before the takeover instead of during it (under
 * a slow or emulated CPU that is most of a JVM's first run). Nothing reaches anyone: the real
 * table is only read, no real server is checked (every start-up check is taken as passed without
 * being made), no nanny is started, and the Director's lines are not logged, since none of what
 * they would say happens.
 */
final class DryRun {

    private static final Logger log = LoggerFactory.getLogger(DryRun.class);

    private DryRun() {}

    /**
     * Runs the rehearsal on {@code loop} and returns once it is over. Its steps are tasks of the
     * loop, the start-up checks' results queued between the start and the shutdown as they are
     * at a real start; the caller hands the loop nothing else meanwhile (a signal may come).
     */
    static void rehearse(LvsConfig config, IpvsTable kernel, boolean ownNamespace, Director.Settings settings,
                         EventLoop loop, StatusReporter.Counters counters) {
        try (RehearsalTable table = RehearsalTable.of(kernel, ownNamespace)) {
            rehearse(config, table.table(), settings, loop, counters);
            log.debug("rehearsed the start on {}", table.isKernel()
                    ? "IPVS in a network namespace of the rehearsal's own (no longer there)"
                    : "a copy of the table in memory");
        }
    }

    private static void rehearse(LvsConfig config, IpvsTable table, Director.Settings settings, EventLoop loop,
                                 StatusReporter.Counters counters) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        DaemonLog.Quiet quiet = DaemonLog.quiet("org.piranha.lvsd", Lvsd.class.getName(), EventLoop.class.getName());
        loop.execute(() -> {
            try {
                Director director = start(config, table, settings, loop);
                // after the checks' results, which start() has just queued
                loop.execute(() -> {
                    try {
                        StatusReporter.rehearse(director.serverStates(), counters);
                        director.shutdown(Director.EXIT_OK);
                    } finally {
                        done.complete(null);
                    }
                });
            } catch (RuntimeException | Error e) {
                done.complete(null);
                throw e;
            }
        });
        try {
            done.join();
        } finally {
            quiet.close();
        }
    }

    private static Director start(LvsConfig config, IpvsTable table, Director.Settings settings, EventLoop loop) {
        ConfigDiff.between(config, config).isEmpty(); // a reload's comparison, as at a HUP
        Nanny.Launcher none = (argv, listener) -> {
            throw new IOException("a dry run starts no nanny");
        };
        StartProbe passes = (argv, done) -> loop.execute(() -> done.accept(new StartProbe.Result(true, null)));
        Director director = new Director(config, new EchoingIpvs(table, command -> { }), none, loop, settings,
                status -> { }, passes);
        director.holdNannies(); // never released: no nanny runs
        director.start();
        return director;
    }
}
