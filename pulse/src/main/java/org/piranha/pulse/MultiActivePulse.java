package org.piranha.pulse;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.piranha.daemon.DaemonSignal;
import org.piranha.daemon.PiranhaVersion;
import org.piranha.daemon.Signals;
import org.piranha.daemon.SystemdNotifier;
import org.piranha.lvscf.Addresses;
import org.piranha.lvscf.ConfigDiff;
import org.piranha.lvscf.Diagnostic;
import org.piranha.lvscf.GlobalField;
import org.piranha.lvscf.LoadResult;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.lvscf.VirtualService;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.rtnl.Rtnetlink;
import org.piranha.pulse.status.MetricsUsers;
import org.piranha.pulse.status.ServerReports;
import org.piranha.pulse.status.StatusBoard;
import org.piranha.pulse.status.StatusPlane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pulse in {@code director_mode = multi_active}: no heartbeat, no ARP, no role. It runs lvsd all
 * the time, holds every VIP on {@code vip_interface} ({@link VipInterface}), keeps the kernel
 * settings right ({@link DirectorSysctls}), writes BIRD's include ({@link BirdInclude}) and
 * announces each VIP while a service of it can serve ({@link AnnouncementPolicy},
 * {@link Announcements}, {@link VipRoutes}), driven by lvsd's reports. One thread (the loop) owns
 * all of it; lvsd's process calls run on the worker as in {@link Pulse}.
 *
 * <p>Clean stop (TERM/INT): withdraw every VIP, wait {@code withdraw_wait} for the routers to move
 * the traffic, stop lvsd (which takes the IPVS table down), release the VIPs, exit 0.
 */
final class MultiActivePulse {

    private static final Logger LOG = LoggerFactory.getLogger(MultiActivePulse.class);

    /** lvsd reports every 2 s: this much silence means it is stuck. */
    static final Duration REPORT_SILENCE = Duration.ofSeconds(6);

    private final PulseOptions options;
    private final PrintStream stderr;
    private final ScheduledExecutorService loop;
    private final ExecutorService worker;
    private final SystemdNotifier notifier = SystemdNotifier.fromEnvironment();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final StatusBoard board;
    private final StatusFeed status;
    private final Clock clock = Clock.systemUTC();
    private final LvsdRestarts restarts = new LvsdRestarts();
    /** {@code --metrics-users}, read at the start (null without {@code --metrics}). */
    private MetricsUsers metricsUsers;
    private final StatusPlane statusPlane;

    // confined to the loop
    private LvsConfig config;
    private Rtnetlink rtnl;
    private VipInterface vipInterface;
    private DirectorSysctls sysctls = DirectorSysctls.system();
    private boolean sloppyTcpSet;
    private Announcements announcements;
    private Optional<LvsdSupervisor> lvsd = Optional.empty();
    private boolean lvsdRunning;
    private boolean stopping;

    MultiActivePulse(PulseOptions options, PrintStream stderr) {
        this.options = options;
        this.stderr = stderr;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "pulse"));
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "pulse-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.board = new StatusBoard(ProcessHandle.current().pid(), PiranhaVersion.version(), java.time.Instant.now(),
                System.nanoTime(), options.testStart());
        this.status = new StatusFeed(board, clock);
        this.statusPlane = new StatusPlane(options.statusSocket(), board, clock);
    }

    /** Runs until TERM or INT (or a failed start); returns the exit status. */
    int run() {
        try (Signals handled = Signals.route(loop, this::onSignal, DaemonSignal.HUP, DaemonSignal.TERM, DaemonSignal.INT);
                Signals ignored = Signals.ignore(DaemonSignal.USR1, DaemonSignal.USR2)) {
            loop.execute(this::start);
            int code = exit.join();
            close();
            return code;
        }
    }

    private void start() {
        Loaded loaded;
        try {
            loaded = load(options.configFile());
        } catch (IOException | IllegalArgumentException e) {
            stderr.println("pulse: " + e.getMessage());
            exit.complete(Pulse.EXIT_FAILED);
            return;
        }
        try {
            metricsUsers = options.metrics().isPresent() ? MetricsUsers.readAtStart(options.metricsUsers()) : null;
        } catch (IOException e) {
            stderr.println("pulse: " + e.getMessage());
            exit.complete(Pulse.EXIT_FAILED);
            return;
        }
        LOG.info("multi_active mode: this director is active and announces its VIPs by BGP through BIRD"
                + " (no heartbeat, no ARP)");
        board.directorMode("multi_active");
        board.role("director", null, "active", "director_mode = multi_active: every director is active",
                clock.instant(), System.nanoTime());
        config = loaded.config();
        status.configLoaded(config, options.configFile(), loaded.bytes());
        try {
            rtnl = Rtnetlink.open();
            vipInterface = new VipInterface(rtnl, config.globals().vipInterface());
            vipInterface.ensure();
        } catch (NetlinkException e) {
            stderr.println("pulse: cannot set up vip_interface " + config.globals().vipInterface() + ": "
                    + e.getMessage());
            exit.complete(Pulse.EXIT_FAILED);
            return;
        }
        VipRoutes routes = new VipRoutes(rtnl, vipInterface.name());
        try {
            int stale = routes.withdrawAll();
            if (stale > 0) {
                LOG.info("withdrew {} announcement(s) an earlier pulse left in table {}", stale, VipRoutes.TABLE);
            }
        } catch (NetlinkException e) {
            LOG.error("cannot read routing table {}: {}", VipRoutes.TABLE, e.getMessage());
        }
        announcements = new Announcements(new Announcements.Announcer() {
            @Override
            public void announce(InetAddress vip) throws NetlinkException {
                routes.announce(vip);
            }

            @Override
            public void withdraw(InetAddress vip) throws NetlinkException {
                routes.withdraw(vip);
            }
        }, board, clock);
        sysctls.noArpForVips();
        holdVips(config, Set.of());
        BirdInclude.update(config.globals());
        statusPlane.listen(options.testStart() ? Optional.empty()
                : Optional.of(StatusPlane.LvsdReports.forAnnouncements(this::evaluateSoon)));
        serveMetrics();
        lvsd = lvsdSupervisor();
        lvsd.ifPresent(LvsdSupervisor::ensureRunning);
        evaluate();
        loop.scheduleAtFixedRate(this::evaluate, 1, 1, TimeUnit.SECONDS);
        notifier.ready();
        notifier.watchdogInterval().ifPresent(interval -> loop.scheduleAtFixedRate(notifier::watchdog,
                0, interval.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** lvs.cf as parsed, with the bytes it was parsed from (the status plane's sha256 is theirs). */
    record Loaded(LvsConfig config, byte[] bytes) {}

    /** lvs.cf, valid, or an exception whose message names every error. */
    static Loaded load(Path file) throws IOException {
        LoadResult result;
        byte[] bytes;
        try {
            bytes = LvsConfigLoader.read(file);
            result = LvsConfigLoader.standard().load(file, bytes);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + LvsConfigLoader.reason(e), e);
        }
        result.warnings().forEach(w -> LOG.warn("{}", w));
        if (!result.isValid()) {
            List<String> lines = new ArrayList<>();
            for (Diagnostic error : result.errors()) {
                lines.add(error.toString());
            }
            throw new IllegalArgumentException(String.join("\npulse: ", lines));
        }
        return new Loaded(result.config().get(), bytes);
    }

    // --- VIPs ---

    private static Set<InetAddress> vips(LvsConfig config) {
        Set<InetAddress> vips = new LinkedHashSet<>();
        for (VirtualService service : config.activeServices()) {
            service.address().ifPresent(a -> vips.add(a.address()));
        }
        return vips;
    }

    /** Holds the VIPs of {@code next}, releasing those of {@code before} it no longer has. */
    private void holdVips(LvsConfig next, Set<InetAddress> before) {
        Set<InetAddress> wanted = vips(next);
        for (InetAddress vip : before) {
            if (!wanted.contains(vip)) {
                try {
                    vipInterface.release(vip);
                } catch (NetlinkException e) {
                    LOG.error("cannot release VIP {}: {}", Addresses.format(vip), e.getMessage());
                }
            }
        }
        List<StatusBoard.HeldAddress> held = new ArrayList<>();
        for (InetAddress vip : wanted) {
            try {
                vipInterface.hold(vip);
                held.add(new StatusBoard.HeldAddress(Addresses.format(vip), 32, vipInterface.name(), null, "vip"));
            } catch (NetlinkException e) {
                LOG.error("cannot hold VIP {} on {}: {}", Addresses.format(vip), vipInterface.name(), e.getMessage());
            }
        }
        board.held(held);
        if (!sloppyTcpSet && next.activeServices().stream().anyMatch(s -> s.scheduler().equals("mh"))) {
            sloppyTcpSet = sysctls.sloppyTcp();
        }
    }

    // --- announcements ---

    /** Why lvsd cannot serve now, or empty when it runs and reports. */
    private Optional<String> lvsdProblem(ServerReports reports) {
        if (options.testStart()) {
            return Optional.of("--norun: lvsd is not run");
        }
        if (!lvsdRunning) {
            return Optional.of("lvsd is not running");
        }
        if (!reports.isNone() && System.nanoTime() - reports.atNanos() > REPORT_SILENCE.toNanos()) {
            return Optional.of("lvsd has not reported for " + REPORT_SILENCE.toSeconds() + " s");
        }
        return Optional.empty();
    }

    private void evaluate() {
        if (stopping || announcements == null) {
            return;
        }
        ServerReports reports = board.reports();
        if (!sloppyTcpSet && !reports.isNone()
                && config.activeServices().stream().anyMatch(s -> s.scheduler().equals("mh"))) {
            sloppyTcpSet = sysctls.sloppyTcp(); // lvsd has loaded IPVS by now
        }
        Map<String, AnnouncementPolicy.Decision> next = AnnouncementPolicy.decide(config, reports,
                lvsdProblem(reports), announcements.decisions());
        announcements.apply(next);
    }

    // --- lvsd ---

    private Optional<LvsdSupervisor> lvsdSupervisor() {
        if (options.testStart()) {
            return Optional.empty();
        }
        List<String> command = LvsdSupervisor.command(options.lvsd().toString(), options.configFile().toString(),
                options.noDaemon(), options.verbose());
        return Optional.of(new LvsdSupervisor(command, statusPlane::lvsdEnvironment, worker, new LvsdSupervisor.Listener() {
            @Override
            public void exited(long pid, int code) {
                loop.execute(() -> lvsdDied(pid, code));
            }

            @Override
            public void failedToStart(String reason) {
                loop.execute(() -> {
                    LOG.error("{}", reason);
                    lvsdDied(0, -1);
                });
            }

            @Override
            public void started(long pid) {
                loop.execute(() -> {
                    lvsdRunning = true;
                    status.lvsdStarted(pid);
                });
            }

            @Override
            public void ended(long pid) {
                loop.execute(() -> {
                    lvsdRunning = false;
                    status.lvsdGone(pid);
                    evaluate();
                });
            }
        }));
    }

    /** lvsd died by itself: everything is withdrawn (evaluate sees it gone), and it is started again. */
    private void lvsdDied(long pid, int code) {
        lvsdRunning = false;
        if (stopping) {
            return;
        }
        announcements.withdrawAll("lvsd exited" + (code >= 0 ? " with status " + code : ""));
        LvsdRestarts.Restart restart = restarts.died(System.nanoTime());
        LOG.error("lvsd{} died: starting it again in {} s{}", pid > 0 ? " (pid " + pid + ")" : "",
                restart.delay().toMillis() / 1000.0, restart.keepsDying()
                        ? "; it died " + restart.deathsInARow() + " times in a row: lvsd's lines in the log say why"
                        : "");
        loop.schedule(() -> {
            if (!stopping) {
                lvsd.ifPresent(LvsdSupervisor::ensureRunning);
            }
        }, restart.delay().toNanos(), TimeUnit.NANOSECONDS);
    }

    // --- status ---

    /** On the reporting thread, after every change of lvsd's reports: the loop evaluates them. */
    private void evaluateSoon() {
        try {
            loop.execute(this::evaluate);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // pulse is closing: the last "lvsd went away" needs no evaluation
        }
    }

    /** {@code --metrics}, on the loop before lvsd starts; a port in use loses only the metrics. */
    private void serveMetrics() {
        if (metricsUsers != null) {
            statusPlane.serveMetrics(options.metrics().get(), metricsUsers);
        }
    }

    // --- signals ---

    private void onSignal(DaemonSignal signal) {
        switch (signal) {
            case TERM, INT -> stop(signal.number());
            case HUP -> {
                if (!stopping && announcements != null) {
                    reload();
                }
            }
            default -> { }
        }
    }

    /** Withdraw all, wait withdraw_wait, stop lvsd, release the VIPs, exit 0. */
    private void stop(int signal) {
        if (stopping) {
            return;
        }
        stopping = true;
        LOG.info("Terminating due to signal {}", signal);
        notifier.stopping();
        if (announcements == null) {
            exit.complete(Pulse.EXIT_OK);
            return;
        }
        announcements.withdrawAll("pulse is stopping");
        Duration wait = config.globals().withdrawWait();
        LOG.info("waiting {} s (withdraw_wait) for the routers to move the traffic before stopping lvsd",
                seconds(wait));
        loop.schedule(() -> {
            LOG.info("stopping lvsd");
            CompletableFuture<Void> gone = lvsd.map(LvsdSupervisor::stop)
                    .orElse(CompletableFuture.completedFuture(null));
            gone.whenComplete((done, failure) -> loop.execute(() -> {
                for (InetAddress vip : vips(config)) {
                    try {
                        vipInterface.release(vip);
                    } catch (NetlinkException e) {
                        LOG.error("cannot release VIP {}: {}", Addresses.format(vip), e.getMessage());
                    }
                }
                exit.complete(Pulse.EXIT_OK);
            }));
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** HUP: re-read lvs.cf; a file with errors changes nothing. */
    private void reload() {
        notifier.reloading();
        try {
            LvsConfig next;
            byte[] bytes;
            try {
                Loaded loaded = load(options.configFile());
                next = loaded.config();
                bytes = loaded.bytes();
            } catch (IOException | IllegalArgumentException e) {
                LOG.error("{}; keeping the running configuration", e.getMessage());
                status.reloaded(false);
                return;
            }
            if (!next.globals().isMultiActive()) {
                LOG.error("director_mode changed in {}: restart pulse to change the mode; keeping the running"
                        + " configuration", options.configFile());
                status.reloaded(false);
                return;
            }
            ConfigDiff diff = ConfigDiff.between(config, next);
            if (diff.changed(GlobalField.VIP_INTERFACE)) {
                LOG.warn("vip_interface changed in {}: restart pulse to move the VIPs to {}", options.configFile(),
                        next.globals().vipInterface());
                next = next.withGlobals(next.globals().toBuilder().vipInterface(config.globals().vipInterface())
                        .build());
            }
            Set<InetAddress> before = vips(config);
            config = next;
            evaluate(); // withdraws what the new config no longer announces before its address goes
            holdVips(next, before);
            BirdInclude.update(next.globals());
            lvsd.ifPresent(LvsdSupervisor::hangup);
            status.configLoaded(next, options.configFile(), bytes);
            status.reloaded(true);
            LOG.info("reloaded {}: {}", options.configFile(),
                    diff.isEmpty() ? "nothing changed" : diff.toString().strip().replace("\n", "; "));
        } finally {
            notifier.ready();
        }
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private void close() {
        statusPlane.close();
        worker.shutdown();
        loop.shutdownNow();
        if (rtnl != null) {
            rtnl.close();
        }
        notifier.close();
    }
}
