package org.piranha.lvsd;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.piranha.daemon.DaemonLog;
import org.piranha.daemon.DaemonSignal;
import org.piranha.daemon.Signals;
import org.piranha.lvscf.ConfigDiff;
import org.piranha.lvscf.Diagnostic;
import org.piranha.lvscf.LoadResult;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.lvscf.VirtualService;
import org.piranha.netlink.ipvs.IpvsClient;
import org.piranha.netlink.ipvs.IpvsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lvsd process: logging, signals, reading lvs.cf, opening IPVS, and the event loop that runs
 * the {@link Director}. The JVM cannot fork, so lvsd always runs in the foreground of whoever
 * started it (pulse).
 */
final class Lvsd {

    static final int EXIT_CANNOT_START = 1;

    private static final Logger log = LoggerFactory.getLogger(Lvsd.class);

    /** What the command line asked for. */
    record Options(Path configFile, boolean nodaemon, boolean testStart, boolean verbose, boolean parked) {
        Options(Path configFile, boolean nodaemon, boolean testStart, boolean verbose) {
            this(configFile, nodaemon, testStart, verbose, false);
        }
    }

    private static final Duration NANNY_WAIT_STEP = Duration.ofMillis(20);

    /** How often a parked lvsd makes its start-up checks against itself (the first is the slow one). */
    private static final int CHECK_REHEARSALS = 3;

    /** How long after {@code deadtime} the table of an lvsd whose pulse died goes on serving. */
    static final Duration LINGER_AFTER_DEADTIME = Duration.ofSeconds(1);
    /** The line on standard input that starts a parked lvsd. */
    static final String GO = "go";

    private final EventLoop loop = new EventLoop();
    private final CompletableFuture<Integer> exitStatus = new CompletableFuture<>();
    private Director director;
    private Options options;
    /** Held while lvsd lives: an unreachable channel would be closed by GC, and its lock freed. */
    private NamespaceLock namespaceLock;
    /** Parked: what to start with on {@link #GO} (a reload replaces it); null once started. Loop-confined. */
    private LvsConfig parkedConfig;
    private IpvsTable ipvs;
    private Path nanny;
    private Director.Settings settings;
    /** piranha-cds has been run for the nannies (by a parked lvsd, before the takeover). */
    private boolean nannyArchivePrepared;
    private StatusReporter.Counters counters;
    /** pulse is gone: lvsd shuts down, now or once its table has served a little longer. */
    private boolean pulseGone;
    /** lvsd's own start-up checks; made by a parked lvsd before the takeover, which rehearses them. */
    private StartProbe startProbe;
    /** A parked lvsd's checks of its real servers, which answer the start-up checks at the takeover. */
    private ParkedChecks parkedChecks;

    /** Installs the signal handlers at once: a signal before them would take its default action. */
    Lvsd() {
        Signals.ignore(DaemonSignal.USR1, DaemonSignal.USR2);
        Signals.route(loop, this::onSignal, DaemonSignal.HUP, DaemonSignal.TERM, DaemonSignal.INT);
    }

    /**
     * Runs until lvsd shuts down; returns the exit status. Parked ({@code --parked}, a cold
     * standby's lvsd), it does everything up to the table and then waits for the line
     * {@link #GO} from pulse: lvs.cf read, this namespace's lock taken, IPVS opened (the generic
     * netlink family looked up), nanny's class-data archive prepared, its schedulers' kernel
     * modules loaded ({@link SchedulerModules}), a {@link DryRun} and a {@link CheckRehearsal}
     * (its start-up checks against a listener of its own on loopback); then it checks each real
     * server once an interval ({@link ParkedChecks}), so that at the takeover the servers that
     * passed go into the table at once. It writes nothing to IPVS and runs no nanny until then.
     */
    int run(Options options) {
        this.options = options;
        DaemonLog.start("lvsd", options.nodaemon(), options.verbose());
        LvsConfig config = load(options.configFile());
        if (config == null) {
            return EXIT_CANNOT_START;
        }
        if (!options.testStart() && !awaitOwnNamespace()) {
            return exitStatus.join();
        }
        ipvs = openIpvs(options);
        if (ipvs == null) {
            return EXIT_CANNOT_START;
        }
        counters = statusCounters(options); // its own netlink socket: opened before the table is wanted
        nanny = defaultNanny();
        settings = new Director.Settings(nanny, options.nodaemon(), options.verbose());
        if (options.parked()) {
            park(config);
        } else {
            loop.execute(() -> direct(config));
            Lifeline.watch(loop, this::pulseGone);
        }
        return exitStatus.join();
    }

    private void park(LvsConfig config) {
        startProbe = new NannyCheckProbe(loop);
        parkedChecks = new ParkedChecks(startProbe, loop, loop);
        loop.execute(() -> parkedConfig = config);
        if (needsNannyArchive(config)) {
            CdsArchive.prepare(nanny); // a JVM start of its own: now rather than during the takeover
            nannyArchivePrepared = true;
        }
        if (exitStatus.isDone()) {
            return;
        }
        if (!options.testStart()) {
            SchedulerModules.load(config, SchedulerModules.KERNEL_MODPROBE);
        }
        DryRun.rehearse(config, ipvs, !options.testStart(), settings, loop, counters);
        CheckRehearsal.rehearse(config, settings, startProbe, CHECK_REHEARSALS);
        loop.execute(() -> {
            if (!exitStatus.isDone()) {
                log.info("parked (cold standby): lvs.cf read and IPVS open; writing nothing to IPVS and running no"
                        + " nanny until pulse makes this router active; checking the real servers meanwhile, so that"
                        + " the table serves at once then");
                parkedChecks.follow(ParkedChecks.targets(parkedConfig, settings));
            }
        });
        Lifeline.watch(loop, this::pulseGone, line -> {
            if (line.equals(GO)) {
                go();
            }
        });
    }

    /** On the loop: pulse made this router active. */
    private void go() {
        LvsConfig config = parkedConfig;
        if (config == null || exitStatus.isDone()) {
            return;
        }
        parkedConfig = null;
        parkedChecks.stop();
        startProbe = parkedChecks;
        log.info("this router is active now: starting from the parked state");
        direct(config);
    }

    /**
     * On the loop: the Director takes charge of IPVS and the nannies. The table and lvsd's own
     * start-up checks first; the nanny JVMs, and piranha-cds's look at their archive (itself a
     * JVM start), after: they no longer delay serving. A parked lvsd has prepared the archive.
     */
    private void direct(LvsConfig config) {
        if (exitStatus.isDone()) {
            return;
        }
        director = new Director(config, ipvs, posting(NannyProcess.launcher()), loop, settings,
                exitStatus::complete,
                startProbe != null ? startProbe : new NannyCheckProbe(loop));
        StatusReporter.start(System.getenv(), loop, director, counters);
        director.holdNannies();
        director.start();
        if (nannyArchivePrepared) {
            releaseNanniesOnceServing(director, config);
        } else if (needsNannyArchive(config)) {
            Director started = director;
            Thread prepare = new Thread(() -> {
                CdsArchive.prepare(nanny);
                loop.execute(started::releaseNannies);
            }, "lvsd-cds");
            prepare.setDaemon(true);
            prepare.start();
        } else {
            director.releaseNannies();
        }
    }

    /**
     * The nanny JVMs wait until lvsd's own start-up check of every real server has passed (it is
     * in the table), or for twice the longest check timeout, whichever comes first: started at
     * once they take the CPU the checks need, and on a slow machine the table then serves seconds
     * later.
     */
    private void releaseNanniesOnceServing(Director started, LvsConfig config) {
        Duration longest = config.activeServices().stream().map(VirtualService::timeout).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        releaseNanniesOnceChecked(started, loop.now().plus(longest.multipliedBy(2)));
    }

    /** On the loop, again every {@link #NANNY_WAIT_STEP} until every server is checked or {@code until}. */
    private void releaseNanniesOnceChecked(Director started, Instant until) {
        boolean checked = started.serverStates().servers().stream().noneMatch(s -> s.state().equals("unknown"));
        if (checked || !loop.now().isBefore(until)) {
            started.releaseNannies();
        } else {
            loop.after(NANNY_WAIT_STEP, () -> releaseNanniesOnceChecked(started, until));
        }
    }

    private static boolean needsNannyArchive(LvsConfig config) {
        return config.activeServices().stream().anyMatch(s -> s.clientMonitor().isEmpty());
    }

    /**
     * pulse died (it stops lvsd with TERM otherwise). Its addresses stay on this host, so the
     * table goes on serving the clients that still reach it for {@code deadtime} + 1 s: the time
     * a partner takes to declare this one dead and, with a cold standby, to have its own table
     * serve before it raises the addresses (pulse waits at most 1 s for it). Then, or at TERM,
     * lvsd shuts down as always. A parked lvsd, or one with no service, shuts down at once.
     */
    private void pulseGone(String reason) {
        if (pulseGone) {
            return;
        }
        pulseGone = true;
        if (director == null || director.stopping() || parkedConfig != null
                || director.config().activeServices().isEmpty()) {
            log.info("{}: shutting down", reason);
            shutdown(Director.EXIT_OK);
            return;
        }
        Duration linger = director.config().globals().deadtime().plus(LINGER_AFTER_DEADTIME);
        log.info("{}: shutting down in {} s (deadtime + 1 s); until then the table serves the clients that still"
                + " reach this director, so that a partner taking over leaves them no gap (TERM stops lvsd now)",
                reason, NannyCommand.seconds(linger));
        loop.after(linger, () -> shutdown(Director.EXIT_OK));
    }

    /**
     * Waits until no other lvsd runs in this network namespace (see {@link NamespaceLock}); false
     * when a signal ended lvsd while it waited. Without a lock file lvsd goes on, and says so.
     */
    private boolean awaitOwnNamespace() {
        NamespaceLock lock;
        try {
            lock = NamespaceLock.open();
            namespaceLock = lock;
            if (lock.tryLock()) {
                return true;
            }
        } catch (IOException e) {
            log.warn("cannot lock {}: going on without making sure that no other lvsd runs here", e.getMessage());
            return true;
        }
        log.info("another lvsd (pid {}) still runs in this network namespace: waiting for it to exit ({})",
                lock.holder(), lock.file());
        CompletableFuture<Void> locked = CompletableFuture.runAsync(() -> {
            try {
                lock.lock();
            } catch (IOException e) {
                log.warn("cannot lock {}: {}; going on", lock.file(), e.getMessage());
            }
        });
        CompletableFuture.anyOf(locked, exitStatus).join();
        if (exitStatus.isDone()) {
            return false;
        }
        log.info("the other lvsd has exited: starting");
        return true;
    }

    private static LvsConfig load(Path file) {
        LoadResult result;
        try {
            result = LvsConfigLoader.standard().loadSkippingKeyFile(file);
        } catch (IOException e) {
            log.error("cannot read {}: {}", file, LvsConfigLoader.reason(e));
            return null;
        }
        result.warnings().forEach(w -> log.warn("{}", w));
        if (!result.isValid()) {
            result.errors().forEach(e -> log.error("{}", e));
            log.error("{} has errors: lvsd does not start; fix them (pulse --check-config -c {})", file, file);
            return null;
        }
        return result.config().orElseThrow();
    }

    /** The kernel's table, or with --test-start a copy of it in memory (empty without IPVS). */
    private static IpvsTable openIpvs(Options options) {
        if (options.testStart()) {
            MemoryIpvs copy;
            try (IpvsClient client = IpvsClient.open()) {
                copy = MemoryIpvs.copyOf(new KernelIpvs(client));
            } catch (IpvsException e) {
                log.info("test-start: cannot read IPVS ({}): starting from an empty table", e.getMessage());
                copy = new MemoryIpvs();
            }
            log.info("test-start: IPVS changes are logged, not made");
            return new EchoingIpvs(copy, command -> log.info("test-start: {}", command));
        }
        try {
            IpvsTable kernel = new KernelIpvs(IpvsClient.open());
            return options.verbose() ? new EchoingIpvs(kernel, command -> log.debug("{}", command)) : kernel;
        } catch (IpvsException e) {
            log.error("{}", e.getMessage() + (e.reason() == IpvsException.Reason.UNAVAILABLE
                    ? " (modprobe ip_vs); lvsd cannot run without IPVS" : ""));
            return null;
        }
    }

    /** The IPVS counters for pulse's status, over a netlink socket of their own; none with --test-start. */
    private static StatusReporter.Counters statusCounters(Options options) {
        if (options.testStart() || System.getenv(StatusReporter.ENVIRONMENT) == null) {
            return key -> java.util.Optional.empty();
        }
        try {
            return StatusReporter.kernel(IpvsClient.open());
        } catch (IpvsException e) {
            log.warn("cannot read IPVS counters for pulse's status: {}", e.getMessage());
            return key -> java.util.Optional.empty();
        }
    }

    /** nanny beside lvsd ({@code -Dpiranha.sbin}, set by the launcher), else /usr/sbin/nanny. */
    private static Path defaultNanny() {
        String sbin = System.getProperty("piranha.sbin");
        return Path.of(sbin != null && !sbin.isBlank() ? sbin : "/usr/sbin", "nanny");
    }

    /**
     * Nanny events onto the loop. Log lines are relayed at once from the reader threads instead,
     * so that none is lost when lvsd exits right after its nannies (their "Terminating" lines).
     */
    private Nanny.Launcher posting(Nanny.Launcher launcher) {
        return (argv, target) -> launcher.start(argv, new Nanny.Listener() {
            @Override
            public void line(Nanny nanny, String line) {
                if (line.startsWith("log ") || line.equals("ready")) {
                    target.line(nanny, line);
                } else {
                    loop.execute(() -> target.line(nanny, line));
                }
            }

            @Override
            public void stderr(Nanny nanny, String line) {
                target.stderr(nanny, line);
            }

            @Override
            public void exited(Nanny nanny, int status) {
                loop.execute(() -> target.exited(nanny, status));
            }
        });
    }

    private void onSignal(DaemonSignal signal) {
        switch (signal) {
            case HUP -> reload();
            case TERM, INT -> {
                log.info("shutting down due to signal {}", signal.number());
                shutdown(Director.EXIT_OK);
            }
            default -> { }
        }
    }

    private void shutdown(int status) {
        if (director != null) {
            director.shutdown(status);
        } else {
            exitStatus.complete(status);
        }
    }

    private void reload() {
        log.info("rereading configuration file");
        boolean parked = parkedConfig != null;
        if (!parked && (director == null || director.stopping())) {
            return;
        }
        Path file = options.configFile();
        LoadResult result;
        try {
            result = LvsConfigLoader.standard().loadSkippingKeyFile(file);
        } catch (IOException e) {
            log.error("cannot read {}: {}; keeping the running configuration", file, LvsConfigLoader.reason(e));
            return;
        }
        result.warnings().forEach(w -> log.warn("{}", w));
        if (!result.isValid()) {
            for (Diagnostic error : result.errors()) {
                log.error("{}", error);
            }
            log.error("{} has errors: keeping the running configuration; fix them and reload again", file);
            return;
        }
        LvsConfig next = result.config().orElseThrow();
        ConfigDiff diff = ConfigDiff.between(parked ? parkedConfig : director.config(), next);
        if (diff.isEmpty()) {
            log.info("configuration unchanged");
        } else {
            diff.toString().lines().forEach(line -> log.info("reload: {}", line));
        }
        if (parked) {
            parkedConfig = next; // still parked: the table follows it once this router is active
            parkedChecks.follow(ParkedChecks.targets(next, settings));
        } else {
            director.reload(next);
        }
    }
}
