package org.piranha.pulse.status;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;

/**
 * {@code pulse --status [--json]}: asks the running pulse over its status socket and prints the
 * answer, as text or as the JSON document itself. The exit status makes it a monitoring check.
 */
public final class StatusClient {

    /** pulse answered and reports no problem. */
    public static final int EXIT_HEALTHY = 0;
    /** The question could not be asked or the answer not read: permission, a garbled answer. */
    public static final int EXIT_FAILED = 1;
    /** pulse is not running (nothing listens on the socket). */
    public static final int EXIT_NOT_RUNNING = 3;
    /** pulse answered, and its {@code problems} are not empty. */
    public static final int EXIT_PROBLEMS = 4;

    static final long TIMEOUT_MILLIS = 10_000;

    private final Path socket;
    private final PrintStream out;
    private final PrintStream err;

    public StatusClient(Path socket, PrintStream out, PrintStream err) {
        this.socket = socket;
        this.out = out;
        this.err = err;
    }

    public int run(boolean json) {
        byte[] answer;
        try {
            answer = ask();
        } catch (NotRunning e) {
            err.println("pulse: pulse is not running (nothing answers on " + socket + "); start it with"
                    + " systemctl start pulse");
            return EXIT_NOT_RUNNING;
        } catch (AccessDeniedException e) {
            err.println("pulse: permission denied on " + socket + ": run pulse --status as root, or as a member of"
                    + " the group " + StatusServer.GROUP);
            return EXIT_FAILED;
        } catch (IOException e) {
            err.println("pulse: no answer from pulse on " + socket + ": " + e.getMessage());
            return EXIT_FAILED;
        }
        Map<String, Object> document;
        try {
            document = JSON.std.mapFrom(answer);
        } catch (IOException | RuntimeException e) {
            err.println("pulse: the answer on " + socket + " is not a status document: " + e.getMessage());
            return EXIT_FAILED;
        }
        if (json) {
            out.print(new String(answer, StandardCharsets.UTF_8));
            out.println();
        } else {
            out.print(new StatusText(Clock.systemDefaultZone()).render(document));
        }
        out.flush();
        return document.get("problems") instanceof List<?> problems && !problems.isEmpty() ? EXIT_PROBLEMS
                : EXIT_HEALTHY;
    }

    private static final class NotRunning extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private byte[] ask() throws IOException {
        if (!Files.exists(socket)) {
            if (socket.getParent() != null && Files.isDirectory(socket.getParent())
                    && !Files.isExecutable(socket.getParent())) {
                throw new AccessDeniedException(socket.toString());
            }
            throw new NotRunning();
        }
        Timer timer = new Timer("pulse-status-timeout", true);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    try {
                        channel.close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                }
            }, TIMEOUT_MILLIS);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (java.net.ConnectException e) {
                throw new NotRunning();
            } catch (java.net.SocketException e) {
                if (String.valueOf(e.getMessage()).contains("ermission denied")) {
                    throw new AccessDeniedException(socket.toString());
                }
                throw e;
            }
            channel.shutdownOutput();
            ByteArrayOutputStream answer = new ByteArrayOutputStream(1 << 16);
            try (InputStream in = Channels.newInputStream(channel)) {
                in.transferTo(answer);
            } catch (AsynchronousCloseException e) {
                throw new IOException("pulse did not answer within " + TIMEOUT_MILLIS / 1000 + " s");
            }
            return answer.toByteArray();
        } finally {
            timer.cancel();
        }
    }
}
