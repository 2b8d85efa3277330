package org.piranha.lvsd;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
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
 *     others are drained and removed ({@link Drains}).
 * <li>A real server is in IPVS while its nanny says {@code up}; {@code down} removes it,
 *     {@code quiesce} sets its weight to 0. With {@code quiesce_server = 1} a {@code down}
 *     (a nanny's first verdict, or its last words) also only sets the weight to 0 of a server
 *     that is there: a quiesced service never drops an entry because a nanny was restarted.
 * <li>A nanny that dies is started again with backoff ({@link Nannies}); after 5 deaths in a
 *     minute (or an exit with status 2, bad arguments) lvsd gives up on it and
 *     {@code hard_shutdown} decides. A server that is up when its nanny is restarted (after a
 *     death, or by a reload) keeps its weight while the new nanny's slow start climbs to it.
 * <li>The sorry server is in IPVS while no real server of its service is up.
 * </ul>
 */
final class Director implements Nannies.Owner {

    static final int EXIT_OK = 0;
    /** lvsd shut down because a nanny kept dying and {@code hard_shutdown = 1}. */
    static final int EXIT_HARD_SHUTDOWN = 3;
    /** A change IPVS refused is tried again after this long. */
    static final Duration RETRY = Duration.ofSeconds(5);
    /** How long shutdown waits for its nannies to exit (they are killed after {@link NannyProcess#GRACE}). */
    static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(Director.class);

    /** How nannies are run: the default program, and lvsd's own -n and -v (passed on). */
    record Settings(Path defaultNanny, boolean nodaemon, boolean verbose) {}

    private final Table table;
    private final Timers timers;
    private final Settings settings;
    private final IntConsumer exit;
    private LvsConfig config;
    private final Map<ServiceKey, ServiceRuntime> services = new LinkedHashMap<>();
    private final Nannies nannies;
    private final Drains drains;
    private final StartProbe probe;
    /** start() is applying the config: new real servers get lvsd's start-up check. */
    private boolean starting;
    private boolean started;
    private boolean stopping;
    /** Told after anything that may change what {@link #serverStates} returns (for pulse's status). */
    private Runnable changed = () -> { };

    /**
     * @param launcher starts nannies; its listener calls must arrive on the event loop
     * @param exit     called once, when lvsd has shut down, with the exit status
     */
    Director(LvsConfig config, IpvsTable ipvs, Nanny.Launcher launcher, Timers timers, Settings settings,
             IntConsumer exit) {
        this(config, ipvs, launcher, timers, settings, exit, StartProbe.NONE);
    }

    /** @param probe checks each real server once at start, so that the healthy ones serve before their nannies report */
    Director(LvsConfig config, IpvsTable ipvs, Nanny.Launcher launcher, Timers timers, Settings settings,
             IntConsumer exit, StartProbe probe) {
        this.probe = probe;
        this.config = config;
        this.table = new Table(ipvs, this::serviceLabel);
        this.timers = timers;
        this.settings = settings;
        this.exit = exit;
        this.nannies = new Nannies(launcher, timers, this);
        this.drains = new Drains(table, timers, this::serviceLabel);
    }

    LvsConfig config() {
        return config;
    }

    /** Who is told when the real servers' states may have changed: {@link StatusReporter}. */
    void onChange(Runnable listener) {
        this.changed = listener;
    }

    /**
     * Each real server of each running service as lvsd sees it now, for pulse's status; and
     * whether every active service is in IPVS with a verdict for each of its real servers.
     */
    StatusReporter.Batch serverStates() {
        List<StatusReporter.ServerState> states = new ArrayList<>();
        boolean ready = started && !stopping;
        for (ServiceRuntime runtime : services.values()) {
            boolean inIpvs = table.hasService(runtime.key);
            ready &= inIpvs && runtime.allDecided();
            for (ServerRuntime server : runtime.servers.values()) {
                states.add(new StatusReporter.ServerState(runtime.name(), server.server.name(), runtime.key,
                        server.endpoint, state(runtime, server), server.server.weight(), server.checks()));
            }
            // removed from lvs.cf (or found in IPVS but not in it): named by address, as lvs.cf has no name for it
            for (Endpoint endpoint : drains.of(runtime.key)) {
                states.add(new StatusReporter.ServerState(runtime.name(), endpoint.toString(), runtime.key, endpoint,
                        "draining", 0, StatusReporter.Checks.NONE));
            }
        }
        return new StatusReporter.Batch(ready, serving(), states);
    }

    /**
     * The table serves as well as it will before the nannies report, so a cold standby's takeover
     * need wait no longer for it: every active service is in IPVS, each with a real server in it
     * at a weight above 0, or with lvsd's start-up check of each of its real servers over (passed
     * or failed). A service whose servers lvsd does not check at start ({@code send_program},
     * {@code client_monitor}) only has to be in IPVS. No I/O; a service's scan stops at its first
     * server in IPVS.
     */
    boolean serving() {
        if (!started || stopping) {
            return false;
        }
        for (ServiceRuntime runtime : services.values()) {
            if (!servesBeforeNannies(runtime)) {
                return false;
            }
        }
        return true;
    }

    private boolean servesBeforeNannies(ServiceRuntime runtime) {
        if (!table.hasService(runtime.key)) {
            return false;
        }
        if (!StartProbe.checksAtStart(runtime.config)) {
            return true;
        }
        boolean allChecked = true;
        for (ServerRuntime server : runtime.servers.values()) {
            if (table.destination(runtime.key, server.endpoint).filter(d -> d.weight() > 0).isPresent()) {
                return true;
            }
            allChecked &= server.decided || server.failedStartCheck;
        }
        return allChecked;
    }

    private String state(ServiceRuntime runtime, ServerRuntime server) {
        return switch (server.health) {
            case UNKNOWN -> "unknown";
            case UP -> server.weight < server.server.weight() ? "slow-starting" : "up";
            case DOWN -> runtime.config.quiesceServer() && table.destination(runtime.key, server.endpoint).isPresent()
                    ? "quiesced" : "down";
            case QUIESCED -> "quiesced";
        };
    }

    @Override
    public boolean stopping() {
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
        starting = true;
        try {
            apply(config);
        } finally {
            starting = false;
        }
    }

    /** Nannies started from now on wait until {@link #releaseNannies} (see {@link Nannies#hold}). */
    void holdNannies() {
        nannies.hold();
    }

    /** Starts the nannies that waited, unless lvsd is stopping. */
    void releaseNannies() {
        if (!stopping) {
            nannies.release();
        }
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
        Set<ServiceKey> refused = new HashSet<>();
        for (Service service : plan.add()) {
            if (!table.putService(service)) {
                refused.add(service.key());
            }
        }
        for (Service service : plan.edit()) {
            log.info("changing virtual service {} in place: {}", service.key(), IpvsCommands.editService(service));
            if (!table.putService(service)) {
                refused.add(service.key());
            }
        }
        wanted.forEach((key, service) -> {
            ServiceRuntime running = services.get(key);
            ServiceRuntime runtime = running != null ? running : new ServiceRuntime(key, service);
            services.put(key, runtime);
            if (refused.contains(key)) {
                retryService(runtime);
            } else {
                runtime.cancelRetry();
            }
            if (running == null) {
                startService(runtime, plan.adopted().getOrDefault(key, Map.of()));
            } else {
                updateService(runtime, service);
            }
        });
        plan.strays().forEach((key, destinations) -> destinations.forEach(d -> drains.start(key, Endpoint.of(d))));
        for (ServiceRuntime runtime : services.values()) {
            updateSorryServer(runtime);
        }
        changed.run();
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
        known.addAll(drains.of(key));
        return known;
    }

    /**
     * IPVS refused the service (a scheduler module not loaded, say): it is added again every
     * {@link #RETRY} until IPVS takes it, and then its real servers are put in as their nannies
     * last reported. Until IPVS has it, {@link #sync} leaves them alone. A refused edit leaves
     * the service as it was, and its real servers follow their nannies meanwhile.
     */
    private void retryService(ServiceRuntime runtime) {
        runtime.cancelRetry();
        log.info("trying virtual service {} again in {} s", runtime.name(), RETRY.toSeconds());
        runtime.pendingRetry = timers.after(RETRY, () -> {
            runtime.pendingRetry = null;
            if (stopping || services.get(runtime.key) != runtime) {
                return;
            }
            if (!table.putService(IpvsMapping.service(runtime.config))) {
                retryService(runtime);
                return;
            }
            log.info("virtual service {} is in IPVS now", runtime.name());
            runtime.servers.values().forEach(server -> sync(runtime, server));
            updateSorryServer(runtime);
        });
    }

    private void startService(ServiceRuntime runtime, Map<Endpoint, Destination> adopted) {
        VirtualService service = runtime.config;
        log.info("starting virtual service {} active: {}", service.name(), service.port());
        if (service.sorryServer().isPresent()) {
            runtime.sorry = IpvsMapping.sorryEndpoint(service, config.globals().network());
            runtime.sorryActive = adopted.containsKey(runtime.sorry);
        }
        for (RealServer server : service.activeServers()) {
            startServer(runtime, server, adopted);
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
                startServer(runtime, server, Map.of());
                return;
            }
            boolean weightChanged = current.server.weight() != server.weight();
            current.server = server;
            List<String> argv = argv(service, server);
            if (!argv.equals(current.argv)) {
                current.argv = argv;
                nannies.restart(runtime, current, "its settings changed");
            } else if (current.givenUp) {
                nannies.restart(runtime, current, "the configuration was reloaded");
            }
            if (weightChanged) {
                current.configuredWeightChanged(server.weight());
            }
            sync(runtime, current);
        });
    }

    private List<String> argv(VirtualService service, RealServer server) {
        return NannyCommand.of(config.globals(), service, server, settings.defaultNanny(), settings.nodaemon(),
                settings.verbose());
    }

    /** @param found what lvsd found in IPVS at start (an lvsd before it left it), by endpoint */
    private void startServer(ServiceRuntime runtime, RealServer server, Map<Endpoint, Destination> found) {
        Endpoint endpoint = IpvsMapping.endpoint(runtime.config, server, config.globals().network());
        ServerRuntime state = new ServerRuntime(server, endpoint, argv(runtime.config, server));
        Destination inIpvs = found.get(endpoint);
        if (inIpvs != null) {
            state.adopted(inIpvs.weight());
        }
        runtime.servers.put(endpoint, state);
        if (drains.cancel(runtime.key, endpoint)) {
            log.info("real server {} of virtual service {} is configured again: no longer draining it; its nanny decides",
                    endpoint, runtime.name());
        }
        nannies.launch(runtime, state);
        if (starting && inIpvs == null && StartProbe.checksAtStart(runtime.config)) {
            Instant sent = timers.now();
            probe.probe(state.argv, result -> checkedAtStart(runtime, state, result, sent));
        }
    }

    /**
     * lvsd's own check at start (the one the nanny makes) passed: the server goes in at its
     * configured weight without waiting for the nanny's JVM, and keeps that weight while the
     * nanny's slow start climbs to it, as an adopted server does. The nanny's first report
     * confirms or withdraws it; a report that came first wins and the check is ignored. A failed
     * check is made again one interval after it began (at once when it took that long) until it
     * passes or the nanny has reported.
     */
    private void checkedAtStart(ServiceRuntime runtime, ServerRuntime server, StartProbe.Result result,
                                Instant sent) {
        // decided: its nanny reported, or lvsd gave up on its nanny (then nothing would ever withdraw it)
        if (stopping || !runs(runtime, server) || server.health != ServerRuntime.Health.UNKNOWN || server.decided) {
            return;
        }
        if (!result.passed()) {
            if (!server.failedStartCheck) {
                server.failedStartCheck = true;
                log.info("real server {} ({}) did not pass lvsd's start-up check: {}; checking it again every {} s"
                        + " until its nanny reports", runtime.label(server), server.endpoint, result.reason(),
                        NannyCommand.seconds(runtime.config.timeout()));
                changed.run(); // its service may serve now as well as it will: see serving()
            }
            // one check per interval, counted from the start of the last one, as nanny does: a
            // check that timed out has used its interval, and the next one goes at once
            Duration wait = runtime.config.timeout().minus(Duration.between(sent, timers.now()));
            timers.after(wait.isNegative() ? Duration.ZERO : wait, () -> {
                if (!stopping && runs(runtime, server) && server.health == ServerRuntime.Health.UNKNOWN
                        && !server.decided) {
                    Instant again = timers.now();
                    probe.probe(server.argv, next -> checkedAtStart(runtime, server, next, again));
                }
            });
            return;
        }
        server.passedStartCheck();
        log.info("real server {} ({}) passed lvsd's start-up check: adding it with weight {} before its nanny"
                + " reports; the nanny's checks decide from then on", runtime.label(server), server.endpoint,
                server.weight);
        sync(runtime, server);
        updateSorryServer(runtime);
        changed.run();
    }

    /** A real server lvs.cf no longer has (or no longer has active): its nanny stops, it is drained. */
    private void removeServer(ServiceRuntime runtime, ServerRuntime server) {
        log.info("real server {} ({}) is no longer active in virtual service {}: stopping its nanny",
                server.server.name(), server.endpoint, runtime.name());
        runtime.servers.remove(server.endpoint);
        server.cancelTimers();
        nannies.retire(server);
        if (table.destination(runtime.key, server.endpoint).isPresent()) {
            drains.start(runtime.key, server.endpoint);
        }
    }

    private void stopService(ServiceRuntime runtime) {
        log.info("shutting down virtual service {}", runtime.name());
        services.remove(runtime.key);
        runtime.cancelRetry();
        for (ServerRuntime server : runtime.servers.values()) {
            server.cancelTimers();
            nannies.retire(server);
        }
        drains.cancelAll(runtime.key);
        table.deleteService(runtime.key);
    }

    // --- what the nannies report ---

    @Override
    public boolean runs(ServiceRuntime runtime, ServerRuntime server) {
        return runtime.servers.get(server.endpoint) == server && services.get(runtime.key) == runtime;
    }

    @Override
    public void reported(ServiceRuntime runtime, ServerRuntime server) {
        sync(runtime, server);
        updateSorryServer(runtime);
        changed.run();
    }

    @Override
    public void gaveUp(ServiceRuntime runtime, ServerRuntime server) {
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

    // --- the table ---

    /** Makes IPVS hold what the server's nanny reported last; tries again later if IPVS refuses. */
    private void sync(ServiceRuntime runtime, ServerRuntime server) {
        if (!table.hasService(runtime.key)) {
            return; // IPVS refused the service: its retry puts the real servers in once IPVS has it
        }
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
        if (runtime.sorry == null || !runtime.allDecided() || stopping || !table.hasService(runtime.key)) {
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

    /** The service's name in lvs.cf (running, or about to start), else its key. */
    private String serviceLabel(ServiceKey key) {
        ServiceRuntime runtime = services.get(key);
        if (runtime != null) {
            return runtime.name();
        }
        return config.activeServices().stream().filter(s -> IpvsMapping.key(s).equals(key)).findFirst()
                .map(VirtualService::name).orElse(key.toString());
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
        drains.stop();
        Map<ServiceRuntime, List<CompletableFuture<Integer>>> exits = new LinkedHashMap<>();
        for (ServiceRuntime runtime : services.values()) {
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (ServerRuntime server : runtime.servers.values()) {
                server.cancelTimers();
                if (server.nanny != null) {
                    futures.add(server.nanny.exited());
                    nannies.retire(server);
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
