package org.piranha.pulse.status;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.piranha.lvscf.Addresses;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.VirtualService;

/**
 * The status socket's answer: one JSON document (schema {@value #SCHEMA}, documented in pulse(8))
 * written from the {@link StatusBoard} as it is at the moment of the request, streamed without
 * an intermediate tree, so 10,000 real servers cost a few milliseconds on the requesting thread
 * and nothing on pulse's event loop.
 */
public final class StatusDocument {

    public static final int SCHEMA = 1;

    private static final JsonFactory JSON = new JsonFactory();

    private final StatusBoard board;
    private final ConfigFingerprint fingerprint;

    public StatusDocument(StatusBoard board, ConfigFingerprint fingerprint) {
        this.board = board;
        this.fingerprint = fingerprint;
    }

    /** Writes the document for the moment {@code now} ({@code nowNanos} on pulse's monotonic clock). */
    public void write(OutputStream out, Instant now, long nowNanos) throws IOException {
        Optional<StatusBoard.Config> config = board.config();
        boolean changedOnDisk = config.map(c -> !fingerprint.sha256(c.path()).equals(Optional.of(c.sha256())))
                .orElse(false);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField("schema", SCHEMA);
            json.writeStringField("generated", Times.rfc3339(now));
            pulse(json);
            json.writeStringField("director_mode", board.directorMode());
            router(json, nowNanos);
            partner(json, nowNanos);
            addresses(json);
            config(json, config, changedOnDisk);
            lvsd(json, config);
            services(json, config.map(StatusBoard.Config::config));
            json.writeArrayFieldStart("problems");
            for (String problem : Problems.of(board, changedOnDisk, nowNanos)) {
                json.writeString(problem);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private void pulse(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("pulse");
        json.writeNumberField("pid", board.pid());
        json.writeStringField("version", board.version());
        json.writeStringField("started", Times.rfc3339(board.started()));
        json.writeBooleanField("norun", board.norun());
        json.writeEndObject();
    }

    private void router(JsonGenerator json, long nowNanos) throws IOException {
        json.writeObjectFieldStart("router");
        Optional<StatusBoard.Router> router = board.router();
        json.writeStringField("name", router.map(StatusBoard.Router::name).orElse(null));
        json.writeStringField("address", router.map(StatusBoard.Router::address).orElse(null));
        json.writeStringField("role", router.map(StatusBoard.Router::role).orElse("starting"));
        if (router.isPresent()) {
            json.writeStringField("since", Times.rfc3339(router.get().since()));
            json.writeNumberField("since_age_s", age(nowNanos - router.get().sinceNanos()));
            json.writeStringField("reason", router.get().reason());
        } else {
            json.writeStringField("since", Times.rfc3339(board.started()));
            json.writeNumberField("since_age_s", age(nowNanos - board.startedNanos()));
            json.writeStringField("reason", "pulse is starting");
        }
        json.writeEndObject();
    }

    private void partner(JsonGenerator json, long nowNanos) throws IOException {
        StatusBoard.Partner partner = board.partner();
        Optional<StatusBoard.Heard> heard = board.heard();
        json.writeObjectFieldStart("partner");
        json.writeArrayFieldStart("addresses");
        for (String address : partner.addresses()) {
            json.writeString(address);
        }
        json.writeEndArray();
        json.writeBooleanField("alive", heard.isPresent() && nowNanos - heard.get().atNanos() < partner.deadtimeNanos());
        if (heard.isPresent()) {
            json.writeStringField("last_heartbeat", Times.rfc3339(heard.get().at()));
            json.writeNumberField("last_heartbeat_age_s", age(nowNanos - heard.get().atNanos()));
            json.writeStringField("path", heard.get().path());
        } else {
            json.writeNullField("last_heartbeat");
            json.writeNullField("last_heartbeat_age_s");
            json.writeNullField("path");
        }
        json.writeNumberField("deadtime_s", age(partner.deadtimeNanos()));
        json.writeArrayFieldStart("links");
        for (StatusBoard.Link link : board.links()) {
            json.writeStartObject();
            json.writeStringField("interface", link.iface());
            json.writeBooleanField("up", link.up());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private void addresses(JsonGenerator json) throws IOException {
        json.writeArrayFieldStart("addresses");
        for (StatusBoard.HeldAddress held : board.held()) {
            json.writeStartObject();
            json.writeStringField("address", held.address());
            json.writeNumberField("prefix", held.prefix());
            json.writeStringField("interface", held.iface());
            json.writeStringField("label", held.label());
            json.writeStringField("kind", held.kind());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void config(JsonGenerator json, Optional<StatusBoard.Config> config, boolean changedOnDisk)
            throws IOException {
        json.writeObjectFieldStart("config");
        if (config.isPresent()) {
            StatusBoard.Config c = config.get();
            json.writeStringField("path", c.path().toString());
            json.writeNumberField("serial_no", c.config().globals().serialNo());
            json.writeStringField("sha256", c.sha256());
            json.writeStringField("loaded", Times.rfc3339(c.loaded()));
        }
        json.writeBooleanField("changed_on_disk", changedOnDisk);
        json.writeEndObject();
    }

    private void lvsd(JsonGenerator json, Optional<StatusBoard.Config> config) throws IOException {
        StatusBoard.Lvsd lvsd = board.lvsd();
        ServerReports reports = board.reports();
        json.writeObjectFieldStart("lvsd");
        json.writeBooleanField("running", lvsd.running());
        if (lvsd.running()) {
            json.writeNumberField("pid", lvsd.pid());
        } else {
            json.writeNullField("pid");
        }
        if (reports.isNone()) {
            json.writeNullField("last_report");
        } else {
            json.writeStringField("last_report", Times.rfc3339(reports.at()));
        }
        boolean hotStandby = config.map(c -> c.config().globals().hotStandby()).orElse(false);
        json.writeBooleanField("hot_standby_ready", hotStandby && lvsd.running() && reports.tableReady());
        json.writeBooleanField("parked", lvsd.running() && lvsd.parked());
        json.writeEndObject();
    }

    private void services(JsonGenerator json, Optional<LvsConfig> config) throws IOException {
        ServerReports reports = board.reports();
        json.writeArrayFieldStart("services");
        for (VirtualService service : config.map(LvsConfig::services).orElse(List.of())) {
            json.writeStartObject();
            json.writeStringField("name", service.name());
            json.writeStringField("address", service.address().map(a -> Addresses.format(a.address())).orElse(null));
            nullableNumber(json, "port", service.isFwmark() ? 0 : service.port());
            nullableNumber(json, "fwmark", service.fwmark());
            json.writeStringField("protocol", service.protocol().keyword());
            json.writeStringField("scheduler", service.scheduler());
            json.writeNumberField("persistent", service.persistent());
            json.writeBooleanField("active", service.active());
            json.writeStringField("sorry_server", service.sorryServer().map(Addresses::format).orElse(null));
            json.writeBooleanField("sorry_server_in_use", service.active() && service.sorryServer().isPresent()
                    && !reports.isNone() && ServiceVerdict.of(service, reports) == ServiceVerdict.NONE_UP);
            announcement(json, board.announcements().get(service.name()));
            json.writeArrayFieldStart("real_servers");
            for (RealServer server : service.servers()) {
                realServer(json, server, reports.server(service.name(), server.name()));
            }
            for (ServerReports.Drained drained : reports.draining(service.name())) {
                drainedServer(json, drained);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** multi_active only (null otherwise): whether the service's VIP is announced by BGP, and why. */
    private void announcement(JsonGenerator json, StatusBoard.Announcement a) throws IOException {
        if (!board.directorMode().equals("multi_active")) {
            json.writeNullField("announcement");
            return;
        }
        json.writeObjectFieldStart("announcement");
        json.writeStringField("state", a == null ? "withdrawn" : a.announced() ? "announced" : "withdrawn");
        json.writeStringField("reason", a == null ? "not announced (inactive, or no IPv4 address)" : a.reason());
        json.writeStringField("since", a == null ? null : Times.rfc3339(a.since()));
        json.writeEndObject();
    }

    private static void realServer(JsonGenerator json, RealServer server, Optional<ServerReports.Server> report)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("name", server.name());
        json.writeStringField("address", server.address().map(Addresses::format).orElse(null));
        nullableNumber(json, "port", server.port());
        json.writeBooleanField("active", server.active());
        json.writeStringField("state", report.map(ServerReports.Server::state).orElse("unknown"));
        nullable(json, "weight", report.flatMap(ServerReports.Server::weight));
        json.writeNumberField("configured_weight", server.weight());
        ipvsCounters(json, report.flatMap(ServerReports.Server::counters));
        checks(json, report.flatMap(ServerReports.Server::checks));
        json.writeEndObject();
    }

    /**
     * A real server lvsd is draining (lvs.cf no longer has it): named by its {@code address:port},
     * no configured weight, not active; its counters as for any server in IPVS.
     */
    private static void drainedServer(JsonGenerator json, ServerReports.Drained drained) throws IOException {
        ServerReports.Server report = drained.report();
        json.writeStartObject();
        json.writeStringField("name", drained.name());
        int colon = drained.name().lastIndexOf(':');
        String host = colon > 0 ? drained.name().substring(0, colon) : drained.name();
        json.writeStringField("address", host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        nullableNumber(json, "port", colon > 0 ? parsePort(drained.name().substring(colon + 1)) : 0);
        json.writeBooleanField("active", false);
        json.writeStringField("state", report.state());
        nullable(json, "weight", report.weight());
        json.writeNullField("configured_weight");
        ipvsCounters(json, report.counters());
        checks(json, Optional.empty());
        json.writeEndObject();
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** IPVS's connection, rate and traffic counters of a real server, null before lvsd reported them. */
    private static void ipvsCounters(JsonGenerator json, Optional<ServerReports.Counters> c) throws IOException {
        counter(json, "active_conns", c.map(ServerReports.Counters::activeConns));
        counter(json, "inactive_conns", c.map(ServerReports.Counters::inactiveConns));
        counter(json, "conns_per_s", c.map(ServerReports.Counters::connsPerSecond));
        counter(json, "bytes_in_per_s", c.map(ServerReports.Counters::bytesInPerSecond));
        counter(json, "bytes_out_per_s", c.map(ServerReports.Counters::bytesOutPerSecond));
        counter(json, "conns_total", c.map(ServerReports.Counters::conns));
        counter(json, "packets_in", c.map(ServerReports.Counters::packetsIn));
        counter(json, "packets_out", c.map(ServerReports.Counters::packetsOut));
        counter(json, "bytes_in", c.map(ServerReports.Counters::bytesIn));
        counter(json, "bytes_out", c.map(ServerReports.Counters::bytesOut));
    }

    private static void nullable(JsonGenerator json, String name, Optional<Integer> value) throws IOException {
        if (value.isPresent()) {
            json.writeNumberField(name, value.get());
        } else {
            json.writeNullField(name);
        }
    }

    /** The health checks: how many, how many failed, the last one's duration. */
    private static void checks(JsonGenerator json, Optional<ServerReports.Checks> checks) throws IOException {
        counter(json, "checks_total", checks.map(ServerReports.Checks::count));
        counter(json, "checks_failed", checks.map(ServerReports.Checks::failed));
        if (checks.isPresent() && checks.get().count() > 0) {
            json.writeNumberField("last_check_s", checks.get().lastMicros() / 1e6);
        } else {
            json.writeNullField("last_check_s");
        }
    }

    private static void counter(JsonGenerator json, String name, Optional<Long> value) throws IOException {
        if (value.isPresent()) {
            json.writeNumberField(name, value.get());
        } else {
            json.writeNullField(name);
        }
    }

    /** 0 means "not set" for ports and marks in lvs.cf's model. */
    private static void nullableNumber(JsonGenerator json, String name, int value) throws IOException {
        if (value != 0) {
            json.writeNumberField(name, value);
        } else {
            json.writeNullField(name);
        }
    }

    private static double age(long nanos) {
        return Math.round(Math.max(0, nanos) / 1e6) / 1000.0;
    }
}
