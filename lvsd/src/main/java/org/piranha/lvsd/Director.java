package org.piranha.lvsd;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.piranha.daemon.DaemonLog;
import org.piranha.daemon.Severity;
import org.piranha.lvscf.ForwardingMethod;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.VirtualService;
import org.piranha.netlink.InetAddresses;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.Timeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lvsd's logic: keeps IPVS in line with lvs.cf and with what the nannies report. Every method
 * runs on lvsd's one event loop (signals, nanny lines and exits, timers are all queued there), so
 * reports from many nannies are applied one after the other and never race.
 *
 * <ul>
 * <li>{@link #start} and {@link #reload} compare the kernel's table with the config (never a
 *     flush): missing services are added, differing ones edited in place, undefined ones removed;
 *     real servers already in IPVS for configured servers are kept until their nanny reports;
 *     others are drained and removed.
 * <li>A real server is in IPVS while its nanny says {@code up}; {@code down} removes it,
 *     {@code quiesce} sets its weight to 0. With {@code quiesce_server = 1} a {@code down}
 *     (a nanny's first verdict, or its last words) also only sets the weight to 0 of a server
 *     that is there: a quiesced service never drops an entry because a nanny was restarted.
 * <li>A nanny that dies is started again with backoff; after 5 deaths in a minute (or an exit
 *     with status 2, bad arguments) lvsd gives up on it and {@code hard_shutdown} decides.
 * <li>The sorry server is in IPVS while no real server of its service is up.
 * </ul>
 */
final class Director implements Nanny.Listener {

    static final int EXIT_OK = 0;
    /** lvsd shut down because a nanny kept dying and {@code hard_shutdown = 1}. */
    static final int EXIT_HARD_SHUTDOWN = 3;
    /** A removed real server gets weight 0 and is deleted when its active connections end, or after this. */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);
    static final Duration DRAIN_POLL = Duration.ofSeconds(1);
    /** A change IPVS refused is tried again after this long. */
    static final Duration RETRY = Duration.ofSeconds(5);
    /** How long shutdown waits for its nannies to exit (they are killed after {@link NannyProcess#GRACE}). */
    static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(Director.class);

    /** How nannies are run: the default program, and lvsd's own -n and -v (passed on). */
    record Settings(Path defaultNanny, boolean nodaemon, boolean verbose) {}

    /** A real server being removed: weight 0 until its connections end or the limit passes. */
    private static final class Drain {
        final ServiceKey key;
        final Endpoint endpoint;
        final Instant deadline;
        Timers.Timer poll;

        Drain(ServiceKey key, Endpoint endpoint, Instant deadline) {
            this.key = key;
            this.endpoint = endpoint;
            this.deadline = deadline;
        }
    }

    private final Table table;
    private final Nanny.Launcher launcher;
    private final Timers timers;
    private final Settings settings;
    private final IntConsumer exit;
    private LvsConfig config;
    private final Map<ServiceKey, ServiceRuntime> services = new LinkedHashMap<>();
    private final Map<Nanny, ServerRuntime> owners = new IdentityHashMap<>();
    private final Map<ServiceKey, Map<Endpoint, Drain>> drains = new LinkedHashMap<>();
    private boolean started;
    private boolean stopping;

    /**
     * @param launcher starts nannies; its listener calls must arrive on the event loop
     * @param exit     called once, when lvsd has shut down, with the exit status
     */
    Director(LvsConfig config, Table table, Nanny.Launcher launcher, Timers timers, Settings settings,
             IntConsumer exit) {
        this.config = config;
        this.table = table;
        this.launcher = launcher;
        this.timers = timers;
        this.settings = settings;
        this.exit = exit;
    }

    LvsConfig config() {
        return config;
    }

    boolean stopping() {
        return stopping;
    }

    // --- start and reload ---

    /** Sets the timeouts, reconciles the table with the config and starts the nannies. */
    void start() {
        if (started || stopping) {
            return;
        }
        started = true;
        Timeouts timeouts = timeouts(config.globals());
        if (!timeouts.equals(Timeouts.ofSeconds(0, 0, 0))) {
            table.setTimeouts(timeouts);
        }
        apply(config);
    }

    /** Applies a new, valid config in place; the caller has logged what changed. */
    void reload(LvsConfig next) {
        if (stopping) {
            return;
        }
        Timeouts before = timeouts(config.globals());
        Timeouts after = timeouts(next.globals());
        if (!before.equals(after)) {
            table.setTimeouts(after);
        }
        config = next;
        apply(next);
    }

    private static Timeouts timeouts(GlobalSettings globals) {
        return Timeouts.ofSeconds(globals.tcpTimeout(), globals.tcpfinTimeout(), globals.udpTimeout());
    }

    private void apply(LvsConfig target) {
        Map<ServiceKey, VirtualService> wanted = new LinkedHashMap<>();
        for (VirtualService service : target.activeServices()) {
            wanted.putIfAbsent(IpvsMapping.key(service), service);
        }
        for (ServiceRuntime runtime : List.copyOf(services.values())) {
            if (!wanted.containsKey(runtime.key)) {
                stopService(runtime);
            }
        }

        Snapshot kernel = table.read().orElseGet(table::known);
        List<Reconciler.Wanted> plans = new ArrayList<>();
        wanted.forEach((key, service) -> plans.add(new Reconciler.Wanted(IpvsMapping.service(service),
                knownEndpoints(key, service))));
        Reconciler.Plan plan = Reconciler.plan(plans, kernel);

        for (ServiceKey key : plan.delete()) {
            log.info("removing virtual service {} from IPVS: lvs.cf does not define it", key);
            table.deleteService(key);
        }
        for (Service service : plan.add()) {
            table.putService(service);
        }
        for (Service service : plan.edit()) {
            log.info("changing virtual service {} in place: {}", service.key(), IpvsCommands.editService(service));
            table.putService(service);
        }
        wanted.forEach((key, service) -> {
            ServiceRuntime runtime = services.get(key);
            if (runtime == null) {
                startService(key, service, plan.adopted().getOrDefault(key, Map.of()));
            } else {
                updateService(runtime, service);
            }
        });
        plan.strays().forEach((key, destinations) -> destinations.forEach(d -> drain(key, Endpoint.of(d))));
        for (ServiceRuntime runtime : services.values()) {
            updateSorryServer(runtime);
        }
    }

    /** The real servers lvsd accounts for in a service: configured, sorry, being drained. */
    private Set<Endpoint> knownEndpoints(ServiceKey key, VirtualService service) {
        Set<Endpoint> known = new LinkedHashSet<>();
        ForwardingMethod method = config.globals().network();
        for (RealServer server : service.activeServers()) {
            known.add(IpvsMapping.endpoint(service, server, method));
        }
        if (service.sorryServer().isPresent()) {
            known.add(IpvsMapping.sorryEndpoint(service, method));
        }
        known.addAll(drains.getOrDefault(key, Map.of()).keySet());
        return known;
    }

    private void startService(ServiceKey key, VirtualService service, Map<Endpoint, Destination> adopted) {
        log.info("starting virtual service {} active: {}", service.name(), service.port());
        ServiceRuntime runtime = new ServiceRuntime(key, service);
        services.put(key, runtime);
        if (service.sorryServer().isPresent()) {
            runtime.sorry = IpvsMapping.sorryEndpoint(service, config.globals().network());
            runtime.sorryActive = adopted.containsKey(runtime.sorry);
        }
        for (RealServer server : service.activeServers()) {
            startServer(runtime, server);
        }
    }

    private void updateService(ServiceRuntime runtime, VirtualService service) {
        if (!runtime.name().equals(service.name())) {
            log.info("virtual service {} is now called {}", runtime.name(), service.name());
        }
        runtime.config = service;
        ForwardingMethod method = config.globals().network();
        Endpoint sorry = service.sorryServer().isPresent() ? IpvsMapping.sorryEndpoint(service, method) : null;
        if (runtime.sorryActive && !Objects.equals(sorry, runtime.sorry)) {
            log.info("Virtual Server {}: sorry_server {} no longer configured; removing it", service.name(),
                    InetAddresses.toText(runtime.sorry.address()));
            if (table.deleteDestination(runtime.key, runtime.sorry)) {
                runtime.sorryActive = false;
            }
        }
        runtime.sorry = sorry;

        Map<Endpoint, RealServer> wanted = new LinkedHashMap<>();
        for (RealServer server : service.activeServers()) {
            wanted.putIfAbsent(IpvsMapping.endpoint(service, server, method), server);
        }
        for (ServerRuntime server : List.copyOf(runtime.servers.values())) {
            if (!wanted.containsKey(server.endpoint)) {
                removeServer(runtime, server);
            }
        }
        wanted.forEach((endpoint, server) -> {
            ServerRuntime current = runtime.servers.get(endpoint);
            if (current == null) {
                startServer(runtime, server);
                return;
            }
            current.server = server;
            List<String> argv = argv(service, server);
            if (!argv.equals(current.argv)) {
                current.argv = argv;
                restartNanny(runtime, current, "its settings changed");
            } else if (current.givenUp) {
                restartNanny(runtime, current, "the configuration was reloaded");
            }
            sync(runtime, current);
        });
    }

    private List<String> argv(VirtualService service, RealServer server) {
        return NannyCommand.of(config.globals(), service, server, settings.defaultNanny(), settings.nodaemon(),
                settings.verbose());
    }

    private void startServer(ServiceRuntime runtime, RealServer server) {
        Endpoint endpoint = IpvsMapping.endpoint(runtime.config, server, config.globals().network());
        ServerRuntime state = new ServerRuntime(server, endpoint, argv(runtime.config, server));
        runtime.servers.put(endpoint, state);
        Drain drain = drains.getOrDefault(runtime.key, Map.of()).get(endpoint);
        if (drain != null) {
            log.info("real server {} of virtual service {} is configured again: no longer draining it; its nanny decides",
                    endpoint, runtime.name());
            cancelDrain(drain);
        }
        launch(runtime, state);
    }

    /** A real server lvs.cf no longer has (or no longer has active): its nanny stops, it is drained. */
    private void removeServer(ServiceRuntime runtime, ServerRuntime server) {
        log.info("real server {} ({}) is no longer active in virtual service {}: stopping its nanny",
                server.server.name(), server.endpoint, runtime.name());
        runtime.servers.remove(server.endpoint);
        server.cancelTimers();
        retire(server);
        if (table.destination(runtime.key, server.endpoint).isPresent()) {
            drain(runtime.key, server.endpoint);
        }
    }

    private void stopService(ServiceRuntime runtime) {
        log.info("shutting down virtual service {}", runtime.name());
        services.remove(runtime.key);
        for (ServerRuntime server : runtime.servers.values()) {
            server.cancelTimers();
            retire(server);
        }
        Map<Endpoint, Drain> pending = drains.remove(runtime.key);
        if (pending != null) {
            pending.values().forEach(d -> d.poll.cancel());
        }
        table.deleteService(runtime.key);
    }

    // --- nannies ---

    private void launch(ServiceRuntime runtime, ServerRuntime server) {
        server.pendingRestart = null;
        try {
            Nanny nanny = launcher.start(server.argv, this);
            server.nanny = nanny;
            owners.put(nanny, server);
            log.info("create_monitor for {} running as pid {}", runtime.label(server), nanny.pid());
        } catch (IOException e) {
            log.error("cannot start nanny for child {}: {}: check client_monitor in lvs.cf", runtime.label(server),
                    e.getMessage());
            giveUp(runtime, server);
        }
    }

    private void restartNanny(ServiceRuntime runtime, ServerRuntime server, String why) {
        log.info("restarting nanny for child {}: {}", runtime.label(server), why);
        server.cancelTimers();
        retire(server);
        server.givenUp = false;
        server.restarts = new RestartPolicy();
        launch(runtime, server);
    }

    /** Stops the server's nanny; from now on its reports are not applied (its log lines still are). */
    private void retire(ServerRuntime server) {
        if (server.nanny != null) {
            owners.remove(server.nanny);
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
        ServerRuntime server = owners.get(nanny);
        if (server == null || stopping) {
            return;
        }
        ServiceRuntime runtime = serviceOf(server);
        if (report instanceof NannyReport.Up up) {
            server.up(up.weight());
        } else if (report instanceof NannyReport.Down) {
            server.down();
        } else if (report instanceof NannyReport.Quiesce) {
            server.quiesce();
        }
        sync(runtime, server);
        updateSorryServer(runtime);
    }

    @Override
    public void stderr(Nanny nanny, String line) {
        DaemonLog.forChild("nanny", nanny.pid()).log(Severity.WARNING, line);
    }

    @Override
    public void exited(Nanny nanny, int status) {
        ServerRuntime server = owners.remove(nanny);
        if (server == null || stopping) {
            return;
        }
        server.nanny = null;
        ServiceRuntime runtime = serviceOf(server);
        String label = runtime.label(server);
        if (status == 2) {
            log.error("nanny for child {} (pid {}) exited with status 2: its arguments are wrong (see its message);"
                    + " not starting it again", label, nanny.pid());
            giveUp(runtime, server);
            return;
        }
        RestartPolicy.Decision decision = server.restarts.onDeath(timers.now());
        if (decision.giveUp()) {
            log.error("nanny for child {} (pid {}) {}: it died {} times within {} s", label, nanny.pid(),
                    describe(status), decision.recentDeaths(), RestartPolicy.WINDOW.toSeconds());
            giveUp(runtime, server);
            return;
        }
        log.warn("nanny for child {} (pid {}) {}; starting it again in {} s (its real server stays as it is)",
                label, nanny.pid(), describe(status), NannyCommand.seconds(decision.delay()));
        server.pendingRestart = timers.after(decision.delay(), () -> relaunch(runtime, server));
    }

    private void relaunch(ServiceRuntime runtime, ServerRuntime server) {
        if (!stopping && server.nanny == null && runtime.servers.get(server.endpoint) == server
                && services.get(runtime.key) == runtime) {
            launch(runtime, server);
        }
    }

    private static String describe(int status) {
        return status > 128 ? "was killed by signal " + (status - 128) : "exited with status " + status;
    }

    /** lvsd will not start this nanny again by itself: {@code hard_shutdown} decides what follows. */
    private void giveUp(ServiceRuntime runtime, ServerRuntime server) {
        server.givenUp = true;
        server.decided = true;
        if (config.globals().hardShutdown()) {
            log.error("nanny for child {} died! shutting down lvs", runtime.label(server));
            shutdown(EXIT_HARD_SHUTDOWN);
        } else {
            log.error("nanny for child {} died! manual action needed!", runtime.label(server));
            log.info("real server {} stays in IPVS as it is; fix the cause and reload lvsd (or restart pulse)"
                    + " to start its nanny again", runtime.label(server));
            updateSorryServer(runtime);
        }
    }

    private ServiceRuntime serviceOf(ServerRuntime server) {
        for (ServiceRuntime runtime : services.values()) {
            if (runtime.servers.get(server.endpoint) == server) {
                return runtime;
            }
        }
        throw new IllegalStateException("real server " + server.endpoint + " belongs to no running service");
    }

    // --- the table ---

    /** Makes IPVS hold what the server's nanny reported last; tries again later if IPVS refuses. */
    private void sync(ServiceRuntime runtime, ServerRuntime server) {
        ForwardingMethod method = config.globals().network();
        boolean done = switch (server.health) {
            case UNKNOWN -> true;
            case DOWN -> runtime.config.quiesceServer()
                    ? table.destination(runtime.key, server.endpoint)
                            .map(d -> table.putDestination(runtime.key, d.toBuilder().weight(0).build())).orElse(true)
                    : table.deleteDestination(runtime.key, server.endpoint);
            case UP -> table.putDestination(runtime.key, IpvsMapping.destination(server.endpoint, method, server.weight));
            case QUIESCED -> table.putDestination(runtime.key, IpvsMapping.destination(server.endpoint, method, 0));
        };
        if (server.pendingRetry != null) {
            server.pendingRetry.cancel();
            server.pendingRetry = null;
        }
        if (!done) {
            log.info("trying real server {} again in {} s", runtime.label(server), RETRY.toSeconds());
            server.pendingRetry = timers.after(RETRY, () -> {
                server.pendingRetry = null;
                if (!stopping && runtime.servers.get(server.endpoint) == server) {
                    sync(runtime, server);
                }
            });
        }
    }

    /** The sorry server is in IPVS exactly while none of the service's real servers is up. */
    private void updateSorryServer(ServiceRuntime runtime) {
        if (runtime.sorry == null || !runtime.allDecided() || stopping) {
            return;
        }
        long up = runtime.upCount();
        String address = InetAddresses.toText(runtime.sorry.address());
        if (up == 0) {
            boolean wasActive = runtime.sorryActive;
            if (table.putDestination(runtime.key, IpvsMapping.destination(runtime.sorry, config.globals().network(), 1))) {
                runtime.sorryActive = true;
                if (!wasActive) {
                    log.info("Virtual Server {}: No real servers; activate sorry_server {}", runtime.name(), address);
                }
            }
        } else if (runtime.sorryActive) {
            if (table.deleteDestination(runtime.key, runtime.sorry)) {
                runtime.sorryActive = false;
                log.info("Virtual Server {}: {} real servers; deactivate sorry_server {}", runtime.name(), up, address);
            }
        }
    }

    // --- draining ---

    private void drain(ServiceKey key, Endpoint endpoint) {
        Map<Endpoint, Drain> pending = drains.computeIfAbsent(key, k -> new LinkedHashMap<>());
        if (pending.containsKey(endpoint)) {
            return;
        }
        Drain drain = new Drain(key, endpoint, timers.now().plus(DRAIN_LIMIT));
        pending.put(endpoint, drain);
        OptionalInt connections = table.activeConnections(key, endpoint);
        if (connections.isPresent() && connections.getAsInt() == 0) {
            finishDrain(drain, "it has no active connections");
            return;
        }
        log.info("draining real server {} of virtual service {}: weight 0 until its active connections end"
                + " (at most {} s)", endpoint, serviceLabel(key), DRAIN_LIMIT.toSeconds());
        table.destination(key, endpoint).ifPresent(d -> table.putDestination(key, d.toBuilder().weight(0).build()));
        drain.poll = timers.after(DRAIN_POLL, () -> pollDrain(drain));
    }

    private void pollDrain(Drain drain) {
        if (stopping || drains.getOrDefault(drain.key, Map.of()).get(drain.endpoint) != drain) {
            return;
        }
        OptionalInt connections = table.activeConnections(drain.key, drain.endpoint);
        if (connections.isPresent() && connections.getAsInt() == 0) {
            finishDrain(drain, "its active connections ended");
        } else if (!timers.now().isBefore(drain.deadline)) {
            finishDrain(drain, "the drain limit of " + DRAIN_LIMIT.toSeconds() + " s passed with "
                    + (connections.isPresent() ? connections.getAsInt() : "an unknown number of") + " active connections");
        } else {
            drain.poll = timers.after(DRAIN_POLL, () -> pollDrain(drain));
        }
    }

    private void finishDrain(Drain drain, String why) {
        cancelDrain(drain);
        if (table.deleteDestination(drain.key, drain.endpoint)) {
            log.info("removed real server {} from virtual service {}: {}", drain.endpoint, serviceLabel(drain.key), why);
        }
    }

    private void cancelDrain(Drain drain) {
        if (drain.poll != null) {
            drain.poll.cancel();
        }
        Map<Endpoint, Drain> pending = drains.get(drain.key);
        if (pending != null) {
            pending.remove(drain.endpoint);
            if (pending.isEmpty()) {
                drains.remove(drain.key);
            }
        }
    }

    private String serviceLabel(ServiceKey key) {
        ServiceRuntime runtime = services.get(key);
        return runtime != null ? runtime.name() : key.toString();
    }

    // --- shutdown ---

    /**
     * Stops every nanny, removes lvsd's services from IPVS and reports {@code status} to the exit
     * callback. Blocks the event loop while the nannies exit (at most {@link #STOP_WAIT}).
     */
    void shutdown(int status) {
        if (stopping) {
            return;
        }
        stopping = true;
        drains.values().forEach(map -> map.values().forEach(d -> {
            if (d.poll != null) {
                d.poll.cancel();
            }
        }));
        drains.clear();
        Map<ServiceRuntime, List<CompletableFuture<Integer>>> exits = new LinkedHashMap<>();
        for (ServiceRuntime runtime : services.values()) {
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (ServerRuntime server : runtime.servers.values()) {
                server.cancelTimers();
                if (server.nanny != null) {
                    futures.add(server.nanny.exited());
                    retire(server);
                }
            }
            exits.put(runtime, futures);
        }
        Instant deadline = Instant.now().plus(STOP_WAIT);
        exits.forEach((runtime, futures) -> {
            log.info("shutting down virtual service {}", runtime.name());
            await(futures, deadline);
            table.deleteService(runtime.key);
        });
        services.clear();
        exit.accept(status);
    }

    private static void await(List<CompletableFuture<Integer>> futures, Instant deadline) {
        try {
            long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("some nannies have not exited yet; lvsd goes on shutting down");
        } catch (ExecutionException e) {
            // a nanny's exit could not be observed; nothing more to wait for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- for tests ---

    Optional<ServiceRuntime> service(ServiceKey key) {
        return Optional.ofNullable(services.get(key));
    }
}
