package org.piranha.pulse.status;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status socket: a unix stream socket on which every client that connects gets one
 * {@link StatusDocument} and end of file; whatever it sends is never read. Its own threads accept
 * and answer, so a slow or stuck client holds up neither the heartbeat loop nor another client
 * for long: each answer has {@link #ANSWER_TIMEOUT_SECONDS} to be taken, then the connection is
 * closed.
 *
 * <p>Access is the file system's: the socket is mode 0660 with group {@value #GROUP} when that
 * group exists (so an unprivileged GUI in the group can read it), else 0600 (root only); a
 * directory pulse creates for it is 0750 with the same group.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    public static final Path DEFAULT_PATH = Path.of("/run/piranha/status.sock");
    public static final String GROUP = "piranha";
    static final long ANSWER_TIMEOUT_SECONDS = 10;
    private static final int ANSWERING_THREADS = 4;

    private final Path path;
    private final ServerSocketChannel server;
    private final StatusDocument document;
    private final Clock clock;
    private final ThreadPoolExecutor answering;
    private final ScheduledExecutorService deadlines;
    private final Thread acceptor;

    private StatusServer(Path path, ServerSocketChannel server, StatusDocument document, Clock clock) {
        this.path = path;
        this.server = server;
        this.document = document;
        this.clock = clock;
        this.answering = new ThreadPoolExecutor(ANSWERING_THREADS, ANSWERING_THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(64), daemon("pulse-status"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(daemon("pulse-status-timeout"));
        this.acceptor = daemon("pulse-status-accept").newThread(this::accept);
    }

    /**
     * Binds the socket (replacing a stale one that nobody answers on) and starts answering.
     *
     * @throws IOException when it cannot, e.g. another pulse answers on that path
     */
    static StatusServer start(Path path, StatusDocument document, Clock clock) throws IOException {
        prepareDirectory(path.toAbsolutePath().getParent());
        removeStale(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            restrict(path, "rw-rw----", "rw-------");
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        StatusServer status = new StatusServer(path, server, document, clock);
        status.acceptor.start();
        return status;
    }

    public Path path() {
        return path;
    }

    private static void prepareDirectory(Path directory) throws IOException {
        if (directory == null) {
            return;
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            restrict(directory, "rwxr-x---", "rwx------");
        } else if (directory.equals(DEFAULT_PATH.getParent())) {
            // systemd's RuntimeDirectory makes it root's; the GUI's group must get through it
            restrict(directory, "rwxr-x---", "rwx------");
        }
    }

    /** {@code withGroup} and the group {@value #GROUP} when it exists, else {@code alone}. */
    private static void restrict(Path file, String withGroup, String alone) throws IOException {
        Optional<GroupPrincipal> group = group(file);
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (group.isPresent()) {
            view.setGroup(group.get());
            view.setPermissions(PosixFilePermissions.fromString(withGroup));
        } else {
            view.setPermissions(PosixFilePermissions.fromString(alone));
        }
    }

    private static Optional<GroupPrincipal> group(Path file) throws IOException {
        try {
            return Optional.of(file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(GROUP));
        } catch (UserPrincipalNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new IOException("another pulse answers on " + path
                    + ": give this one its own socket with --status-socket=PATH");
        } catch (java.net.SocketException e) {
            // nobody listens: left behind by a pulse that was killed
        }
        Files.delete(path);
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("status socket {}: cannot accept a client: {}", path, e.getMessage());
                continue;
            }
            try {
                answering.execute(() -> answer(client));
            } catch (RejectedExecutionException e) {
                close(client); // more waiting clients than any GUI or monitor makes: they retry
            }
        }
    }

    private void answer(SocketChannel client) {
        ScheduledFuture<?> deadline = deadlines.schedule(() -> close(client), ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try (OutputStream out = new BufferedOutputStream(Channels.newOutputStream(client), 65536)) {
            document.write(out, clock.instant(), System.nanoTime());
        } catch (IOException | RuntimeException e) {
            LOG.debug("status socket {}: answer not delivered: {}", path, e.toString());
        } finally {
            deadline.cancel(false);
            close(client);
        }
    }

    private static void close(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // gone already
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        answering.shutdownNow();
        deadlines.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", path, e.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
