package org.piranha.pulse.status;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where lvsd tells pulse how each real server stands (docs/design.md, "lvsd -> pulse"): a unix
 * socket, mode 0600, whose path pulse gives lvsd in {@code PIRANHA_LVSD_REPORTS}. Only a peer
 * running as pulse's own user is heard; a malformed line ends the connection (lvsd connects
 * again with its next report). Each complete batch replaces the {@link ServerReports} on the
 * board at once; when lvsd goes away they are forgotten (every real server is {@code unknown}).
 */
final class LvsdReportSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LvsdReportSocket.class);

    /**
     * The report socket beside {@code statusSocket}, named after it ({@code status.sock}:
     * {@code status-lvsd-reports.sock}), so that two pulses whose status sockets share a
     * directory never share, or delete, each other's report socket.
     */
    public static Path pathFor(Path statusSocket) {
        String name = statusSocket.getFileName().toString();
        String base = name.endsWith(".sock") ? name.substring(0, name.length() - ".sock".length()) : name;
        return statusSocket.toAbsolutePath().resolveSibling(base + "-lvsd-reports.sock");
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final StatusBoard board;
    private final Clock clock;
    private final Thread reader;

    private LvsdReportSocket(Path path, ServerSocketChannel server, StatusBoard board, Clock clock) {
        this.path = path;
        this.server = server;
        this.board = board;
        this.clock = clock;
        this.reader = new Thread(this::serve, "pulse-lvsd-reports");
        this.reader.setDaemon(true);
    }

    /** Binds beside the status socket (replacing a leftover file) and starts listening. */
    public static LvsdReportSocket start(Path statusSocket, StatusBoard board, Clock clock) throws IOException {
        Path path = pathFor(statusSocket);
        Files.deleteIfExists(path); // only the owner of the status socket beside it, this pulse, uses this name
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        LvsdReportSocket socket = new LvsdReportSocket(path, server, board, clock);
        socket.rehearse();
        socket.reader.start();
        return socket;
    }

    public Path path() {
        return path;
    }

    /** One lvsd at a time: lvsd is pulse's only child and reports over one connection. */
    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel lvsd = server.accept()) {
                if (!trusted(lvsd)) {
                    continue;
                }
                read(lvsd);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.debug("lvsd's report connection ended: {}", e.getMessage());
            } finally {
                board.reports(ServerReports.NONE);
            }
        }
    }

    private boolean trusted(SocketChannel peer) throws IOException {
        UnixDomainPrincipal principal = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
        UserPrincipal own = path.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (principal.user().equals(own)) {
            return true;
        }
        LOG.warn("refused a report on {} from user {}: only lvsd, running as {}, reports here", path,
                principal.user().getName(), own.getName());
        return false;
    }

    private void read(SocketChannel lvsd) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(lvsd),
                StandardCharsets.UTF_8));
        Batches batches = new Batches(clock);
        for (String line; (line = in.readLine()) != null;) {
            try {
                ServerReports complete = batches.take(line);
                if (complete != null) {
                    board.reports(complete);
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("malformed report from lvsd on {} ({}): {}; dropping the connection", path, e.getMessage(),
                        line.length() > 200 ? line.substring(0, 200) + "..." : line);
                return;
            }
        }
    }

    /**
     * Reads a made-up batch and drops it, so that a cold standby's first real one, which its
     * takeover waits for, is not also the first this JVM parses (under a slow or emulated CPU
     * that first time cost a takeover about 0.1 s).
     */
    private void rehearse() {
        Batches batches = new Batches(clock);
        for (String line : REHEARSAL) {
            batches.take(line);
        }
    }

    private static final List<String> REHEARSAL = List.of("report ready=1 serving=1",
            "server www web%201 state=up checks=1 failed=0 check_us=1 last_check_us=1 weight=1 active=0 inactive=0"
                    + " conns=0 inpkts=0 outpkts=0 inbytes=0 outbytes=0 cps=0 inbps=0 outbps=0",
            "server my+www web2 state=down weight=-", "end");

    /** lvsd's lines in, complete batches out. */
    private static final class Batches {
        private final Clock clock;
        private Map<ServerReports.Key, ServerReports.Server> batch;
        private boolean ready;
        private boolean serving;

        Batches(Clock clock) {
            this.clock = clock;
        }

        /** @return the batch that {@code line} completes, or null; IllegalArgumentException when malformed */
        ServerReports take(String line) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "report" -> {
                    batch = new HashMap<>();
                    Map<String, String> fields = fields(words, 1);
                    ready = "1".equals(fields.get("ready"));
                    serving = "1".equals(fields.getOrDefault("serving", fields.get("ready")));
                }
                case "server" -> {
                    if (batch == null || words.length < 4) {
                        throw new IllegalArgumentException("a server line outside a report");
                    }
                    batch.put(new ServerReports.Key(decode(words[1]), decode(words[2])), server(fields(words, 3)));
                }
                case "end" -> {
                    if (batch == null) {
                        throw new IllegalArgumentException("end without report");
                    }
                    ServerReports complete = new ServerReports(clock.instant(), System.nanoTime(), ready, serving, batch);
                    batch = null;
                    return complete;
                }
                default -> { } // a newer lvsd's verb: the protocol may grow
            }
            return null;
        }
    }

    private static ServerReports.Server server(Map<String, String> f) {
        String state = f.get("state");
        if (state == null || !state.matches("up|down|quiesced|draining|slow-starting|unknown")) {
            throw new IllegalArgumentException("state " + state);
        }
        Optional<ServerReports.Checks> checks = f.containsKey("checks")
                ? Optional.of(new ServerReports.Checks(number(f, "checks"), number(f, "failed"), number(f, "check_us"),
                        number(f, "last_check_us")))
                : Optional.empty();
        String weight = f.getOrDefault("weight", "-");
        if (weight.equals("-")) {
            return new ServerReports.Server(state, Optional.empty(), Optional.empty(), checks);
        }
        return new ServerReports.Server(state, Optional.of((int) number(f, "weight")), Optional.of(
                new ServerReports.Counters(number(f, "active"), number(f, "inactive"), number(f, "conns"),
                        number(f, "inpkts"), number(f, "outpkts"), number(f, "inbytes"), number(f, "outbytes"),
                        number(f, "cps"), number(f, "inbps"), number(f, "outbps"))), checks);
    }

    private static long number(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new IllegalArgumentException(key + " is negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not a number");
        }
    }

    private static Map<String, String> fields(String[] words, int from) {
        Map<String, String> fields = new HashMap<>();
        for (int i = from; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not key=value: " + words[i]);
            }
            fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return fields;
    }

    private static String decode(String name) {
        return URLDecoder.decode(name, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", path, e.getMessage());
        }
    }
}
