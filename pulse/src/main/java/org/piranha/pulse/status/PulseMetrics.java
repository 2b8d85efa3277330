package org.piranha.pulse.status;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.util.List;
import java.util.Optional;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.VirtualService;

/**
 * pulse's metrics (listed in pulse(8)), each computed at scrape time from the {@link StatusBoard}
 * on the scraping thread: a scrape reads the same immutable facts as the status socket and never
 * waits for, or stops, the heartbeat loop. The per-backend IPVS metrics are named after
 * node_exporter's {@code node_ipvs_backend_*} and labelled with lvs.cf's {@code service} and
 * {@code server} names.
 */
final class PulseMetrics {

    private static final List<String> ROLES = List.of("active", "backup", "starting", "stopping");
    private static final List<String> STATES = List.of("up", "down", "quiesced", "draining", "slow-starting",
            "unknown");

    private final StatusBoard board;
    private final ConfigFingerprint fingerprint;

    private PulseMetrics(StatusBoard board, ConfigFingerprint fingerprint) {
        this.board = board;
        this.fingerprint = fingerprint;
    }

    /** A registry holding pulse's metrics and the JVM's and process's. */
    public static PrometheusRegistry registry(StatusBoard board, ConfigFingerprint fingerprint) {
        PrometheusRegistry registry = new PrometheusRegistry();
        new PulseMetrics(board, fingerprint).register(registry);
        JvmMetrics.builder().register(registry);
        return registry;
    }

    private void register(PrometheusRegistry registry) {
        gauge(registry, "pulse_router_active", "1 while this router is the active one (holds the VIPs), else 0",
                cb -> cb.call(role().equals("active") ? 1 : 0));
        GaugeWithCallback.builder().name("pulse_router_role").help("1 for this router's role now, 0 for the others")
                .labelNames("role").callback(cb -> ROLES.forEach(r -> cb.call(r.equals(role()) ? 1 : 0, r)))
                .register(registry);
        gauge(registry, "pulse_router_role_age_seconds", "How long this router has had its role",
                cb -> board.router().ifPresent(r -> cb.call(seconds(System.nanoTime() - r.sinceNanos()))));
        CounterWithCallback.builder().name("pulse_failovers_total")
                .help("How often this router became active, by the reason pulse logged").labelNames("reason")
                .callback(cb -> board.activations().forEach((reason, n) -> cb.call(n, reason))).register(registry);
        gauge(registry, "pulse_partner_alive", "1 while the partner's heartbeats arrive within deadtime, else 0"
                + " (absent without a backup router)", cb -> {
                    if (!board.partner().addresses().isEmpty()) {
                        cb.call(partnerAlive() ? 1 : 0);
                    }
                });
        gauge(registry, "pulse_partner_last_heartbeat_age_seconds", "Time since the partner's last heartbeat"
                + " (absent until one is heard)",
                cb -> board.heard().ifPresent(h -> cb.call(seconds(System.nanoTime() - h.atNanos()))));
        GaugeWithCallback.builder().name("pulse_link_up").help("1 while a link monitor_links watches is up, else 0")
                .labelNames("interface").callback(cb -> board.links().forEach(l -> cb.call(l.up() ? 1 : 0, l.iface())))
                .register(registry);
        gauge(registry, "pulse_addresses_held", "How many VIPs and NAT router addresses this router holds",
                cb -> cb.call(board.held().size()));
        GaugeWithCallback.builder().name("pulse_address_held").help("1 for each address this router holds")
                .labelNames("address", "interface", "kind")
                .callback(cb -> board.held().forEach(a -> cb.call(1, a.address(), a.iface(), a.kind())))
                .register(registry);
        GaugeWithCallback.builder().name("pulse_service_announced")
                .help("multi_active: 1 while the service's VIP is announced by BGP, else 0")
                .labelNames("service", "address")
                .callback(cb -> board.announcements().forEach((service, a) -> cb.call(a.announced() ? 1 : 0, service,
                        a.address())))
                .register(registry);
        config(registry);
        gauge(registry, "pulse_lvsd_running", "1 while lvsd runs as pulse's child, else 0",
                cb -> cb.call(board.lvsd().running() ? 1 : 0));
        gauge(registry, "pulse_lvsd_last_report_age_seconds", "Time since lvsd last reported the real servers",
                cb -> {
                    ServerReports reports = board.reports();
                    if (!reports.isNone()) {
                        cb.call(seconds(System.nanoTime() - reports.atNanos()));
                    }
                });
        gauge(registry, "pulse_problems", "How many problems pulse --status lists (0 when healthy)",
                cb -> cb.call(Problems.of(board, changedOnDisk(), System.nanoTime()).size()));
        realServers(registry);
        healthChecks(registry);
    }

    private void config(PrometheusRegistry registry) {
        gauge(registry, "pulse_config_serial_no", "serial_no of the lvs.cf in force",
                cb -> board.config().ifPresent(c -> cb.call(c.config().globals().serialNo())));
        gauge(registry, "pulse_config_loaded_timestamp_seconds", "When the lvs.cf in force was loaded",
                cb -> board.config().ifPresent(c -> cb.call(c.loaded().toEpochMilli() / 1000.0)));
        gauge(registry, "pulse_config_changed_on_disk", "1 when lvs.cf on disk differs from the one in force"
                + " (a reload is pending), else 0", cb -> cb.call(changedOnDisk() ? 1 : 0));
        CounterWithCallback.builder().name("pulse_config_reloads_total")
                .help("Reloads (SIGHUP) by result: applied, or rejected (the running configuration kept)")
                .labelNames("result").callback(cb -> {
                    cb.call(board.reloads(), "applied");
                    cb.call(board.failedReloads(), "rejected");
                }).register(registry);
    }

    /** Every configured real server; the IPVS ones only while it is in IPVS on this router. */
    private void realServers(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("pulse_real_server_up")
                .help("1 while lvsd reports the real server up (or slow-starting), else 0").labelNames("service", "server")
                .callback(cb -> each((s, r, w, report) -> cb.call(report.map(x -> x.state().equals("up")
                        || x.state().equals("slow-starting")).orElse(false) ? 1 : 0, s, r)))
                .register(registry);
        GaugeWithCallback.builder().name("pulse_real_server_state")
                .help("1 for the real server's state as pulse --status shows it, 0 for the other states")
                .labelNames("service", "server", "state")
                .callback(cb -> each((s, r, w, report) -> {
                    String state = report.map(ServerReports.Server::state).orElse("unknown");
                    STATES.forEach(x -> cb.call(x.equals(state) ? 1 : 0, s, r, x));
                })).register(registry);
        GaugeWithCallback.builder().name("pulse_real_server_configured_weight").help("The weight lvs.cf gives it")
                .labelNames("service", "server").callback(cb -> each((s, r, w, report) -> {
                    if (w >= 0) {
                        cb.call(w, s, r);
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("pulse_ipvs_backend_weight")
                .help("The real server's weight in IPVS (node_ipvs_backend_weight)").labelNames("service", "server")
                .callback(cb -> each((s, r, w, report) -> report.flatMap(ServerReports.Server::weight)
                        .ifPresent(weight -> cb.call(weight, s, r)))).register(registry);
        backendGauge(registry, "pulse_ipvs_backend_connections_active",
                "Active connections (node_ipvs_backend_connections_active)", ServerReports.Counters::activeConns);
        backendGauge(registry, "pulse_ipvs_backend_connections_inactive",
                "Inactive connections (node_ipvs_backend_connections_inactive)", ServerReports.Counters::inactiveConns);
        backendCounter(registry, "pulse_ipvs_backend_connections", "Connections forwarded to the real server",
                ServerReports.Counters::conns);
        backendCounter(registry, "pulse_ipvs_backend_incoming_packets", "Packets from clients to the real server",
                ServerReports.Counters::packetsIn);
        backendCounter(registry, "pulse_ipvs_backend_outgoing_packets", "Packets from the real server to clients",
                ServerReports.Counters::packetsOut);
        backendCounter(registry, "pulse_ipvs_backend_incoming_bytes", "Bytes from clients to the real server",
                ServerReports.Counters::bytesIn);
        backendCounter(registry, "pulse_ipvs_backend_outgoing_bytes", "Bytes from the real server to clients",
                ServerReports.Counters::bytesOut);
    }

    /** The nannies' health checks, as lvsd counts them (absent for a server without checks yet). */
    private void healthChecks(PrometheusRegistry registry) {
        SummaryWithCallback.builder().name("pulse_health_check_duration_seconds")
                .help("How long the real server's health checks took (count: checks made; nanny's whole check:"
                        + " connect, send, expect, or the send_program run)")
                .labelNames("service", "server").callback(cb -> each((s, r, w, report) -> report
                        .flatMap(ServerReports.Server::checks).filter(c -> c.count() > 0)
                        .ifPresent(c -> cb.call(c.count(), c.micros() / 1e6, Quantiles.EMPTY, s, r))))
                .register(registry);
        CounterWithCallback.builder().name("pulse_health_check_failures_total")
                .help("Health checks of the real server that failed").labelNames("service", "server")
                .callback(cb -> each((s, r, w, report) -> report.flatMap(ServerReports.Server::checks)
                        .filter(c -> c.count() > 0).ifPresent(c -> cb.call(c.failed(), s, r))))
                .register(registry);
        GaugeWithCallback.builder().name("pulse_health_check_last_duration_seconds")
                .help("How long the real server's last health check took").labelNames("service", "server")
                .callback(cb -> each((s, r, w, report) -> report.flatMap(ServerReports.Server::checks)
                        .filter(c -> c.count() > 0).ifPresent(c -> cb.call(c.lastMicros() / 1e6, s, r))))
                .register(registry);
    }

    private void backendGauge(PrometheusRegistry registry, String name, String help,
            java.util.function.ToLongFunction<ServerReports.Counters> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("service", "server")
                .callback(cb -> each((s, r, w, report) -> report.flatMap(ServerReports.Server::counters)
                        .ifPresent(c -> cb.call(value.applyAsLong(c), s, r)))).register(registry);
    }

    private void backendCounter(PrometheusRegistry registry, String name, String help,
            java.util.function.ToLongFunction<ServerReports.Counters> value) {
        CounterWithCallback.builder().name(name).help(help + " (IPVS's counter)").labelNames("service", "server")
                .callback(cb -> each((s, r, w, report) -> report.flatMap(ServerReports.Server::counters)
                        .ifPresent(c -> cb.call(value.applyAsLong(c), s, r)))).register(registry);
    }

    private interface ServerVisitor {
        /** @param configuredWeight lvs.cf's weight; -1 for a drained server, which lvs.cf no longer has */
        void visit(String service, String server, int configuredWeight, Optional<ServerReports.Server> report);
    }

    /** Every configured real server, then those lvsd is draining (named by address: lvs.cf no longer has them). */
    private void each(ServerVisitor visitor) {
        Optional<LvsConfig> config = board.config().map(StatusBoard.Config::config);
        ServerReports reports = board.reports();
        for (VirtualService service : config.map(LvsConfig::services).orElse(List.of())) {
            for (RealServer server : service.servers()) {
                visitor.visit(service.name(), server.name(), server.weight(), reports.server(service.name(), server.name()));
            }
            for (ServerReports.Drained drained : reports.draining(service.name())) {
                visitor.visit(service.name(), drained.name(), -1, Optional.of(drained.report()));
            }
        }
    }

    private static void gauge(PrometheusRegistry registry, String name, String help,
            java.util.function.Consumer<GaugeWithCallback.Callback> callback) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback).register(registry);
    }

    private String role() {
        return board.router().map(StatusBoard.Router::role).orElse("starting");
    }

    private boolean partnerAlive() {
        return board.heard().map(h -> System.nanoTime() - h.atNanos() < board.partner().deadtimeNanos()).orElse(false);
    }

    private boolean changedOnDisk() {
        return board.config().map(c -> !fingerprint.sha256(c.path()).equals(Optional.of(c.sha256()))).orElse(false);
    }

    private static double seconds(long nanos) {
        return Math.max(0, nanos) / 1e9;
    }

}
