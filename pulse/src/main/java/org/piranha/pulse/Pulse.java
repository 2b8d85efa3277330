package org.piranha.pulse;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.piranha.daemon.DaemonSignal;
import org.piranha.daemon.PiranhaVersion;
import org.piranha.daemon.Severity;
import org.piranha.daemon.Signals;
import org.piranha.daemon.SystemdNotifier;
import org.piranha.lvscf.ConfigDiff;
import org.piranha.lvscf.Diagnostic;
import org.piranha.lvscf.GlobalField;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.HeartbeatKeys;
import org.piranha.lvscf.LoadResult;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.rtnl.IfAddress;
import org.piranha.netlink.rtnl.Rtnetlink;
import org.piranha.pulse.status.MetricsUsers;
import org.piranha.pulse.status.StatusBoard;
import org.piranha.pulse.status.StatusPlane;
import org.piranha.sendarp.GratuitousArp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pulse daemon: the {@link Failover} state machine driven by one Netty event loop that owns
 * the heartbeat sockets, the timers, the signals, reloads and the events from lvsd and the
 * links; the state machine's actions are carried out by {@link LvsRouter} and the sockets.
 * Everything but the worker thread's process and IPVS calls happens on that loop, so the state
 * machine needs no locks, and systemd's watchdog is fed from the same loop: if it wedges,
 * systemd restarts pulse.
 */
final class Pulse {

    private static final Logger LOG = LoggerFactory.getLogger(Pulse.class);

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    /** How many STOPPED heartbeats a clean stop sends, and how far apart. */
    static final int FAREWELL_COUNT = 3;
    static final long FAREWELL_SPACING_MILLIS = 50;

    /** Heartbeat addresses and port are bound at start: changing them needs a restart. */
    private static final Set<GlobalField> RESTART_ONLY = Set.of(GlobalField.PRIMARY, GlobalField.PRIMARY_PRIVATE,
            GlobalField.BACKUP, GlobalField.BACKUP_PRIVATE, GlobalField.BACKUP_ACTIVE, GlobalField.HEARTBEAT_PORT);

    private final PulseOptions options;
    private final PrintStream stderr;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ExecutorService worker;
    private final SystemdNotifier notifier;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final StatusFeed status;
    private final StatusPlane statusPlane;
    private MetricsUsers metricsUsers;

    // confined to the event loop
    private LvsConfig config;
    private Rtnetlink rtnl;
    private HeartbeatPaths paths;
    private Failover failover;
    private HeartbeatSockets sockets;
    private HeartbeatGate gate;
    private HeartbeatFormat format;
    private GratuitousArp arp;
    private SyncDaemonControl syncDaemon;
    private LvsRouter router;
    private LinkWatch linkWatch;
    private PartnerPortWatch partnerPortWatch;
    /** The latest port unreachable not yet handed to the event loop (set by the watch's thread). */
    private final AtomicReference<PortClosed> portClosed = new AtomicReference<>();
    /** lvsd reported: made once, so that a cold standby's takeover does not wait for a lambda's first use. */
    private final Runnable lvsdReported = () -> {
        if (router != null) {
            router.lvsdReported();
        }
    };
    private ScheduledFuture<?> wakeup;
    private long wakeupAt;
    private boolean shuttingDown;
    /** The state machine has started: signals and datagrams go to it from now on. */
    private volatile boolean begun;

    Pulse(PulseOptions options, PrintStream stderr) {
        this.options = options;
        this.stderr = stderr;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("pulse"), NioIoHandler.newFactory());
        this.loop = group.next();
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pulse-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.notifier = SystemdNotifier.fromEnvironment();
        this.status = new StatusFeed(new StatusBoard(ProcessHandle.current().pid(), PiranhaVersion.version(),
                java.time.Instant.now(), System.nanoTime(), options.testStart()), java.time.Clock.systemUTC());
        this.statusPlane = new StatusPlane(options.statusSocket(), status.board(), java.time.Clock.systemUTC());
    }

    /** Runs until TERM or INT (or a failed start); returns the exit status. */
    int run() {
        try (Signals handled = Signals.route(loop, this::onSignal, DaemonSignal.HUP, DaemonSignal.TERM, DaemonSignal.INT);
                Signals ignored = Signals.ignore(DaemonSignal.USR1, DaemonSignal.USR2)) {
            startUp();
            if (!exit.isDone()) {
                loop.execute(this::begin);
                serveMetrics();
            }
            int status = exit.join();
            close();
            return status;
        }
    }

    // --- start ---

    /** A start that cannot go on: the message goes to stderr as "pulse: MESSAGE", the exit status is 1. */
    private static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StartFailure(String message) {
            super(message);
        }
    }

    /**
     * Everything that can fail before pulse runs, on the main thread (binding blocks, which the
     * event loop must not): config, role, sockets. A failure completes {@link #exit}.
     */
    private void startUp() {
        try {
            Loaded loaded = load();
            config = loaded.config();
            status.configLoaded(config, options.configFile(), loaded.bytes());
            rtnl = openRtnetlink();
            Role role = detectRole();
            GlobalSettings g = config.globals();
            if (role == Role.BACKUP && !g.backupActive()) {
                LOG.info("STARTING PULSE AS BACKUP");
                LOG.info("We are backup node and backup is marked inactive -- exiting pulse");
                exit.complete(EXIT_OK);
                return;
            }
            paths = HeartbeatPaths.of(g, role);
            status.router(role, paths);
            bindSockets(g, role);
            watchPartnerPort();
            statusPlane.listen(options.testStart() ? Optional.empty()
                    : Optional.of(StatusPlane.LvsdReports.forStatus(this::lvsdReportedSoon)));
            readMetricsUsers();
            arp = new GratuitousArp();
            syncDaemon = new SyncDaemonControl();
            Optional<TableWait> tableWait = statusPlane.lvsdEnvironment().isEmpty() ? Optional.empty()
                    : Optional.of(new TableWait(loop, status.board()::reports, TableWait.BOUND));
            router = new LvsRouter(config, new AddressManager(rtnl), arp, lvsdSupervisor(), tableWait, syncDaemon,
                    worker);
            failover = new Failover(role, g.hasBackup(), g.keepalive(), g.deadtime());
            failover.hotStandby(g.hotStandby());
            // before the state machine starts, so that its cost never delays a heartbeat
            router.rehearseTakeover();
            if (partnerPortWatch != null) {
                failover.probeSilentPartner(true);
                failover.rehearsePortClosed();
            }
        } catch (StartFailure e) {
            stderr.println("pulse: " + e.getMessage());
            exit.complete(EXIT_FAILED);
        } catch (RuntimeException e) {
            LOG.error("pulse failed to start", e);
            exit.complete(EXIT_FAILED);
        }
    }

    /** On the event loop: the state machine starts, then systemd hears that pulse is ready. */
    private void begin() {
        if (exit.isDone()) {
            return; // TERM during start-up
        }
        begun = true;
        checkTakeover(config);
        perform(failover.start(System.nanoTime(), options.forceActive()));
        watchLinks(config.globals());
        loop.scheduleAtFixedRate(() -> gate.flush(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
        notifier.ready();
        notifier.watchdogInterval().ifPresent(interval -> loop.scheduleAtFixedRate(notifier::watchdog,
                0, interval.toNanos(), TimeUnit.NANOSECONDS));
    }

    private void checkTakeover(LvsConfig checked) {
        TakeoverCheck.problems(rtnl, ManagedAddress.of(checked)).forEach(problem -> LOG.error("{}", problem));
    }

    /** lvs.cf as parsed, and the bytes it was parsed from (for its sha256 in the status). */
    private record Loaded(LvsConfig config, byte[] bytes) {}

    private Loaded load() throws StartFailure {
        Path file = options.configFile();
        LoadResult result;
        byte[] bytes;
        try {
            bytes = LvsConfigLoader.read(file);
            result = LvsConfigLoader.standard().load(file, bytes);
        } catch (IOException e) {
            throw new StartFailure("cannot read " + file + ": " + LvsConfigLoader.reason(e));
        }
        result.warnings().forEach(w -> LOG.warn("{}", w));
        if (!result.isValid()) {
            List<String> lines = new ArrayList<>();
            for (Diagnostic error : result.errors()) {
                lines.add(error.line() > 0
                        ? "error parsing " + file + " at line " + error.line() + ": " + error.message()
                        : "error in " + file + ": " + error.message());
            }
            throw new StartFailure(String.join("\npulse: ", lines));
        }
        LvsConfig loaded = result.config().get();
        try {
            ManagedAddress.of(loaded);
        } catch (IllegalArgumentException e) {
            throw new StartFailure("error in " + file + ": " + e.getMessage());
        }
        return new Loaded(loaded, bytes);
    }

    private static Rtnetlink openRtnetlink() throws StartFailure {
        try {
            return Rtnetlink.open();
        } catch (NetlinkException e) {
            throw new StartFailure("cannot open rtnetlink: " + e.getMessage());
        }
    }

    private Role detectRole() throws StartFailure {
        try {
            Set<InetAddress> local = rtnl.addresses().stream().map(IfAddress::address).collect(Collectors.toSet());
            return RoleDetection.detect(config.globals(), local, options.configFile().toString());
        } catch (NetlinkException | IllegalStateException e) {
            throw new StartFailure(e.getMessage());
        }
    }

    private void bindSockets(GlobalSettings g, Role role) throws StartFailure {
        try {
            format = HeartbeatSetup.format(g, role);
            gate = new HeartbeatGate(format, Pulse::log);
            sockets = HeartbeatSockets.bind(group, paths, HeartbeatSetup.devices(rtnl, paths), format, this::onDatagram);
        } catch (HeartbeatKeys.Invalid e) {
            throw new StartFailure(e.getMessage());
        } catch (NetlinkException e) {
            throw new StartFailure("cannot list the interfaces for the heartbeat sockets: " + e.getMessage());
        } catch (IOException e) {
            throw new StartFailure("cannot create heartbeat socket. running as root?\npulse: " + e.getMessage());
        }
    }

    /**
     * The ICMP port unreachable watch ({@link PartnerPortWatch}); heartbeat addresses and port
     * change only with a restart, so it is opened once.
     */
    private void watchPartnerPort() {
        try {
            Runnable handOver = this::onPortClosed;
            partnerPortWatch = PartnerPortWatch.start(paths, (path, at) -> {
                if (portClosed.getAndSet(new PortClosed(path, at)) == null) {
                    loop.execute(handOver);
                }
            }).orElse(null);
        } catch (IOException e) {
            LOG.warn("{}: a partner whose pulse is not running is found dead only after deadtime"
                    + " (the ICMP port unreachable watch needs CAP_NET_RAW: run pulse as root)", e.getMessage());
        }
    }

    /** {@code --metrics}: a users file that cannot be read stops the start. */
    private void readMetricsUsers() throws StartFailure {
        if (options.metrics().isEmpty()) {
            return;
        }
        try {
            metricsUsers = MetricsUsers.readAtStart(options.metricsUsers());
        } catch (IOException e) {
            throw new StartFailure(e.getMessage());
        }
    }

    /**
     * The metrics server, started beside the state machine rather than before it: loading the
     * client and the JVM instrumentation takes a while, and the heartbeat must not wait for it.
     * A port in use loses only the metrics (the users file was read at the start, which stops on
     * one it cannot read).
     */
    private void serveMetrics() {
        if (metricsUsers == null) {
            return;
        }
        MetricsUsers users = metricsUsers;
        java.net.InetSocketAddress address = options.metrics().get();
        Thread starter = new Thread(() -> statusPlane.serveMetrics(address, users), "pulse-metrics-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** heartbeat_auth switched on or off by a reload. */
    private void useFormat(HeartbeatFormat next) {
        format = next;
        gate.format(next);
        sockets.format(next);
    }

    private Optional<LvsdSupervisor> lvsdSupervisor() {
        if (options.testStart()) {
            return Optional.empty();
        }
        List<String> command = LvsdSupervisor.command(options.lvsd().toString(),
                options.configFile().toString(), options.noDaemon(), options.verbose());
        return Optional.of(new LvsdSupervisor(command, statusPlane::lvsdEnvironment, worker, new LvsdSupervisor.Listener() {
            @Override
            public void exited(long pid, int status) {
                loop.execute(() -> perform(failover.lvsdExited(pid, status, System.nanoTime())));
            }

            @Override
            public void failedToStart(String reason) {
                loop.execute(() -> perform(failover.lvsdFailed(reason, System.nanoTime())));
            }

            @Override
            public void started(long pid) {
                loop.execute(() -> status.lvsdStarted(pid));
            }

            @Override
            public void ended(long pid) {
                loop.execute(() -> status.lvsdGone(pid));
            }

            @Override
            public void parked(long pid, boolean parked) {
                loop.execute(() -> status.lvsdParked(pid, parked));
            }
        }));
    }

    private void watchLinks(GlobalSettings g) {
        boolean wanted = g.monitorLinks() != 0 && g.hasBackup();
        if (wanted && linkWatch == null) {
            try {
                status.watchedLinks(rtnl, paths);
                linkWatch = LinkWatch.start(rtnl, paths, loop, state -> {
                    status.links(state);
                    perform(failover.links(state.primaryUp(), state.privateUp(), System.nanoTime()));
                });
            } catch (NetlinkException e) {
                LOG.error("cannot watch the links for monitor_links: {}", e.getMessage());
            }
        } else if (!wanted && linkWatch != null) {
            linkWatch.close();
            linkWatch = null;
            status.linksUnwatched();
            perform(failover.links(true, true, System.nanoTime()));
        }
    }

    // --- events ---

    private void onDatagram(HeartbeatPaths.Path path, InetSocketAddress sender, ByteBuffer datagram) {
        if (!begun) {
            return;
        }
        long now = System.nanoTime();
        gate.admit(path, sender.getAddress(), datagram, now).ifPresent(beat -> {
            status.heard(sender.getAddress());
            perform(failover.heartbeat(beat, now));
        });
    }

    private record PortClosed(HeartbeatPaths.Path path, long at) {}

    private void onPortClosed() {
        PortClosed latest = portClosed.getAndSet(null);
        if (!begun || shuttingDown || latest == null) {
            return;
        }
        InetSocketAddress partner = latest.path().partner().get();
        failover.partnerPortClosed(partner.getAddress().getHostAddress(), partner.getPort(), latest.at());
        if (failover.nextWakeup() <= System.nanoTime()) {
            // the evidence decides now: straight on, not through the timer (one hop less)
            if (wakeup != null) {
                wakeup.cancel(false);
            }
            tick();
        } else {
            reschedule();
        }
    }

    private void onSignal(DaemonSignal signal) {
        switch (signal) {
            case TERM, INT -> {
                if (!begun) {
                    LOG.info("Terminating due to signal {}", signal.number());
                    exit.complete(EXIT_OK);
                } else {
                    perform(failover.terminate(signal.number(), System.nanoTime()));
                }
            }
            case HUP -> {
                if (begun && !shuttingDown) {
                    reload();
                }
            }
            default -> { }
        }
    }

    private void tick() {
        wakeup = null;
        perform(failover.tick(System.nanoTime()));
    }

    // --- actions ---

    private void perform(List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof Action.Activate activation) {
                takeOverFirst(activation);
                break;
            }
        }
        for (Action action : actions) {
            try {
                if (action instanceof Action.Log line) {
                    log(line.severity(), line.message());
                } else if (action instanceof Action.Send send) {
                    LOG.debug("DEBUG -- Sending heartbeat...");
                    sockets.send(send.heartbeat());
                } else if (action instanceof Action.Activate activation) {
                    router.activate(activation.partnerMayForward());
                } else if (action instanceof Action.Deactivate) {
                    router.deactivate();
                } else if (action instanceof Action.ResendArps) {
                    router.resendArps();
                } else if (action instanceof Action.StartStandbyLvsd) {
                    router.startStandbyLvsd();
                } else if (action instanceof Action.Shutdown shutdown) {
                    shutdown(shutdown.farewell());
                }
            } catch (RuntimeException e) {
                LOG.error("failed to carry out {}", action, e);
            }
        }
        status.performed(actions, failover.isHeld(), router.isActive());
        reschedule();
    }

    /**
     * The addresses and the first gratuitous ARP go out before the lines that announce the
     * takeover are written ({@link LvsRouter#takeOver}): at keepalive 0.01 a log line or two is a
     * noticeable part of the takeover. The lines keep their order.
     */
    private void takeOverFirst(Action.Activate activation) {
        try {
            router.takeOver(activation.partnerMayForward());
        } catch (RuntimeException e) {
            LOG.error("failed to carry out {}", activation, e);
        }
    }

    /** On the report socket's thread: the router hears of it on the loop. */
    private void lvsdReportedSoon() {
        try {
            loop.execute(lvsdReported);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // pulse is closing
        }
    }

    private void reschedule() {
        if (!begun || shuttingDown) {
            return;
        }
        long next = failover.nextWakeup();
        if (wakeup != null && wakeupAt == next) {
            return;
        }
        if (wakeup != null) {
            wakeup.cancel(false);
            wakeup = null;
        }
        if (next != Long.MAX_VALUE) {
            wakeupAt = next;
            wakeup = loop.schedule(this::tick, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** Deactivates, stops lvsd, tells the partner a few times, then lets {@link #run} return 0. */
    private void shutdown(boolean farewell) {
        shuttingDown = true;
        notifier.stopping();
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        CompletableFuture<Void> lvsdGone = router.shutdown();
        CompletableFuture<Void> told = new CompletableFuture<>();
        if (farewell) {
            for (int i = 0; i < FAREWELL_COUNT; i++) {
                boolean last = i == FAREWELL_COUNT - 1;
                loop.schedule(() -> {
                    sockets.send(Heartbeat.STOPPED);
                    if (last) {
                        told.complete(null);
                    }
                }, i * FAREWELL_SPACING_MILLIS, TimeUnit.MILLISECONDS);
            }
        } else {
            told.complete(null);
        }
        CompletableFuture.allOf(lvsdGone, told).whenComplete((done, failure) -> exit.complete(EXIT_OK));
    }

    // --- reload ---

    /** SIGHUP: re-read lvs.cf, apply what changed, pass the HUP on to lvsd. */
    private void reload() {
        notifier.reloading();
        try {
            Path file = options.configFile();
            LoadResult result;
            byte[] bytes;
            try {
                bytes = LvsConfigLoader.read(file);
                result = LvsConfigLoader.standard().load(file, bytes);
            } catch (IOException e) {
                LOG.error("cannot reread {}: {}; keeping the running configuration", file, LvsConfigLoader.reason(e));
                status.reloaded(false);
                return;
            }
            result.warnings().forEach(w -> LOG.warn("{}", w));
            if (!result.isValid()) {
                result.errors().forEach(e -> LOG.error("{}", e));
                LOG.error("{} has {} error(s): keeping the running configuration", file, result.errorCount());
                status.reloaded(false);
                return;
            }
            LvsConfig next = result.config().get();
            try {
                ManagedAddress.of(next);
            } catch (IllegalArgumentException e) {
                LOG.error("{}: {}; keeping the running configuration", file, e.getMessage());
                status.reloaded(false);
                return;
            }
            apply(ConfigDiff.between(config, next));
            status.configLoaded(next, file, bytes);
            status.reloaded(true);
        } finally {
            notifier.ready();
        }
    }

    private void apply(ConfigDiff diff) {
        LvsConfig next = diff.after();
        List<String> restartOnly = diff.globalChanges().stream()
                .filter(c -> c.field() instanceof GlobalField f && RESTART_ONLY.contains(f))
                .map(c -> c.key()).toList();
        if (!restartOnly.isEmpty()) {
            LOG.warn("{} changed in {}: restart pulse to apply that (heartbeats keep their addresses and port"
                    + " until then)", String.join(", ", restartOnly), options.configFile());
        }
        config = next;
        checkTakeover(next);
        GlobalSettings g = next.globals();
        failover.retime(g.keepalive(), g.deadtime(), System.nanoTime());
        failover.hotStandby(g.hotStandby());
        HeartbeatSetup.reloaded(format, g, failover.role()).ifPresent(this::useFormat);
        router.reconfigure(next);
        router.rehearseTakeover(); // the addresses may have changed
        watchLinks(g);
        router.hangupLvsd();
        LOG.info("reloaded {}: {}", options.configFile(),
                diff.isEmpty() ? "nothing changed" : diff.toString().strip().replace("\n", "; "));
        reschedule();
    }

    // --- helpers ---

    private static void log(Severity severity, String message) {
        switch (severity) {
            case ERR -> LOG.error("{}", message);
            case WARNING -> LOG.warn("{}", message);
            case INFO -> LOG.info("{}", message);
            case DEBUG -> LOG.debug("{}", message);
        }
    }

    private void close() {
        statusPlane.close();
        if (linkWatch != null) {
            linkWatch.close();
        }
        if (partnerPortWatch != null) {
            partnerPortWatch.close();
        }
        if (sockets != null) {
            sockets.close();
        }
        if (arp != null) {
            arp.close();
        }
        if (syncDaemon != null) {
            worker.execute(syncDaemon::close);
        }
        worker.shutdown();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (rtnl != null) {
            rtnl.close();
        }
        notifier.close();
    }
}
