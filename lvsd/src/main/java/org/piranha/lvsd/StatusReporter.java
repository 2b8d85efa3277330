package org.piranha.lvsd;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.ServiceKey;
import org.piranha.netlink.ipvs.Stats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells pulse how each real server stands, for {@code pulse --status} and the metrics: lvsd ->
 * pulse's report socket, named by pulse in {@value #ENVIRONMENT} (docs/design.md has the
 * protocol). The states are taken on lvsd's event loop (cheap: no I/O), {@link #DEBOUNCE} after a
 * change and every {@link #PERIOD}; the IPVS counters are read and the lines written on a thread
 * of the reporter's own with its own IPVS reader, so neither a large table nor a stuck pulse
 * ever holds up the nannies' reports. Only the newest batch is kept: a slow pulse misses
 * intermediate ones, never the last.
 */
final class StatusReporter {

    /** The environment variable through which pulse names its report socket. */
    static final String ENVIRONMENT = "PIRANHA_LVSD_REPORTS";
    /** How often the states and counters are sent even without a change (IPVS's rate estimator works in 2 s steps). */
    static final Duration PERIOD = Duration.ofSeconds(2);
    static final Duration DEBOUNCE = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    /**
     * One real server as lvsd sees it. {@code state}: up, slow-starting, down, quiesced, unknown;
     * draining for one lvs.cf no longer has, named by its address.
     */
    record ServerState(String service, String server, ServiceKey key, Endpoint endpoint, String state,
            int configuredWeight, Checks checks) {}

    /** Its nannies' checks so far: how many, how many failed, their total and last duration in microseconds. */
    record Checks(long count, long failed, long micros, long lastMicros) {
        static final Checks NONE = new Checks(0, 0, 0, 0);
    }

    /**
     * Every real server now; {@code ready}: every active service is in IPVS and each server has a
     * verdict; {@code serving}: the table serves as well as it will before the nannies report
     * ({@link Director#serving}).
     */
    record Batch(boolean ready, boolean serving, List<ServerState> servers) {}

    /** Reads a service's real servers with their counters; empty when it cannot (no IPVS, --test-start). */
    interface Counters {
        Optional<List<DestinationStatus>> destinations(ServiceKey key);
    }

    private final Path socket;
    private final Counters counters;
    private final AtomicReference<Batch> pending = new AtomicReference<>();
    private final Thread writer;
    private Timers.Timer debounce;
    /** The last batch offered said {@code serving=1} (on the loop). */
    private boolean servingOffered;
    private SocketChannel channel;
    private Writer out;
    private boolean connectFailureLogged;

    private StatusReporter(Path socket, Counters counters) {
        this.socket = socket;
        this.counters = counters;
        this.writer = new Thread(this::write, "lvsd-status");
        this.writer.setDaemon(true);
    }

    /**
     * Starts reporting when pulse named a socket; the states come from {@code states} on
     * {@code loop}, after each {@link Director#onChange} and every {@link #PERIOD}.
     */
    static Optional<StatusReporter> start(Map<String, String> environment, EventLoop loop, Director director,
            Counters counters) {
        String path = environment.get(ENVIRONMENT);
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        StatusReporter reporter = new StatusReporter(Path.of(path), counters);
        reporter.writer.start();
        director.onChange(() -> reporter.changed(loop, director::serverStates, director::serving));
        loop.every(PERIOD, () -> reporter.offer(director.serverStates()));
        return Optional.of(reporter);
    }

    /**
     * On the loop: a change; the states are taken a moment later, so a burst of reports makes one
     * batch. The change that makes the table serve goes at once: a cold standby's pulse raises its
     * VIPs on that batch.
     */
    private void changed(Timers timers, Supplier<Batch> states, BooleanSupplier serving) {
        if (!servingOffered && serving.getAsBoolean()) {
            if (debounce != null) {
                debounce.cancel();
                debounce = null;
            }
            offer(states.get());
            return;
        }
        if (debounce == null) {
            debounce = timers.after(DEBOUNCE, () -> {
                debounce = null;
                offer(states.get());
            });
        }
    }

    private void offer(Batch batch) {
        servingOffered = batch.serving();
        pending.set(batch);
        LockSupport.unpark(writer);
    }

    private void write() {
        while (true) {
            Batch batch = pending.getAndSet(null);
            if (batch == null) {
                LockSupport.park(this);
                continue;
            }
            try {
                send(batch);
            } catch (IOException e) {
                disconnect();
                if (!connectFailureLogged) {
                    connectFailureLogged = true;
                    log.warn("cannot report the real servers' states to pulse on {}: {}; pulse --status shows them"
                            + " as unknown until lvsd gets through (it tries again with each report)", socket,
                            e.getMessage());
                }
            }
        }
    }

    private void send(Batch batch) throws IOException {
        if (channel == null) {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            out = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
            connectFailureLogged = false;
        }
        out.write(text(batch, counters));
        out.flush();
    }

    /** The batch's lines, with each real server's counters as IPVS has them now. */
    static String text(Batch batch, Counters counters) {
        StringBuilder lines = new StringBuilder(128 * (batch.servers().size() + 2));
        lines.append("report ready=").append(batch.ready() ? 1 : 0).append(" serving=").append(batch.serving() ? 1 : 0)
                .append('\n');
        Map<ServiceKey, Map<Endpoint, DestinationStatus>> read = new HashMap<>();
        for (ServerState server : batch.servers()) {
            Map<Endpoint, DestinationStatus> destinations = read.computeIfAbsent(server.key(), key -> read(counters, key));
            line(lines, server, Optional.ofNullable(destinations.get(server.endpoint())));
        }
        lines.append("end\n");
        return lines.toString();
    }

    /**
     * A parked lvsd's rehearsal ({@link DryRun}): the lines of {@code batch} made, counters read,
     * and a socket of the report's kind opened and closed, nothing sent; so that the batch a cold
     * standby's takeover waits for is not the first this JVM makes.
     */
    static void rehearse(Batch batch, Counters counters) {
        text(batch, counters);
        try (SocketChannel unused = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            new OutputStreamWriter(Channels.newOutputStream(unused), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // nothing was to be sent
        }
    }

    private static Map<Endpoint, DestinationStatus> read(Counters counters, ServiceKey key) {
        Map<Endpoint, DestinationStatus> map = new HashMap<>();
        counters.destinations(key).ifPresent(list -> list.forEach(d -> map.put(Endpoint.of(d.destination()), d)));
        return map;
    }

    /**
     * {@code server SERVICE SERVER state=up checks=N failed=N check_us=N last_check_us=N weight=N active=N
     * inactive=N conns=N ...}; {@code -} for "not in IPVS".
     */
    static void line(StringBuilder lines, ServerState server, Optional<DestinationStatus> ipvs) {
        lines.append("server ").append(encode(server.service())).append(' ').append(encode(server.server()))
                .append(" state=").append(server.state());
        Checks checks = server.checks();
        lines.append(" checks=").append(checks.count()).append(" failed=").append(checks.failed())
                .append(" check_us=").append(checks.micros()).append(" last_check_us=").append(checks.lastMicros());
        if (ipvs.isEmpty()) {
            lines.append(" weight=-\n");
            return;
        }
        DestinationStatus d = ipvs.get();
        Stats s = d.stats();
        lines.append(" weight=").append(d.destination().weight())
                .append(" active=").append(d.activeConnections())
                .append(" inactive=").append(d.inactiveConnections())
                .append(" conns=").append(s.connections())
                .append(" inpkts=").append(s.inPackets())
                .append(" outpkts=").append(s.outPackets())
                .append(" inbytes=").append(s.inBytes())
                .append(" outbytes=").append(s.outBytes())
                .append(" cps=").append(s.connectionsPerSecond())
                .append(" inbps=").append(s.inBytesPerSecond())
                .append(" outbps=").append(s.outBytesPerSecond())
                .append('\n');
    }

    /** Names are lvs.cf tokens, which may be quoted and hold blanks: percent-encoded (UTF-8) on the line. */
    static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private void disconnect() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // gone anyway
        }
        channel = null;
        out = null;
    }

    /** The kernel's counters through a netlink socket of the reporter's own (the loop's is not shared). */
    static Counters kernel(org.piranha.netlink.ipvs.IpvsClient client) {
        return key -> {
            try {
                return Optional.of(client.destinations(key));
            } catch (IpvsException e) {
                return Optional.empty();
            }
        };
    }
}
