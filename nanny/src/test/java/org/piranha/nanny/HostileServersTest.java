package org.piranha.nanny;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real servers that misbehave, on loopback: every check ends by its deadline, reads a bounded
 * prefix of the reply and gives the verdict the bytes that came allow. The deadline is checked
 * with a margin for a loaded machine; what matters is that no case takes a multiple of it.
 */
class HostileServersTest {

    private static final long TIMEOUT = TimeUnit.MILLISECONDS.toNanos(1000);
    private static final long MARGIN = TimeUnit.MILLISECONDS.toNanos(500);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private LoopbackServer server(LoopbackServer.Handler handler) {
        LoopbackServer s = LoopbackServer.start(handler);
        resources.add(s);
        return s;
    }

    /** Runs one check with the {@link #TIMEOUT} deadline and asserts it ended by then. */
    private static Verdict checkEndsInTime(int port, String... options) throws UsageException {
        List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p",
                Integer.toString(port), "-t", "1", "--lvs"));
        args.addAll(List.of(options));
        List<String> errors = new ArrayList<>();
        Check check = Check.of(NannyArgs.parse(args.toArray(new String[0])).config(), errors);
        assertThat(errors).isEmpty();
        long start = System.nanoTime();
        Verdict verdict = check.run(start + TIMEOUT);
        assertThat(System.nanoTime() - start).as("the check's duration")
                .isLessThan(TIMEOUT + MARGIN);
        return verdict;
    }

    /** Writes {@code bytes} bytes of {@code fill}, counting what the socket took. */
    private static LoopbackServer.Handler flood(long bytes, byte fill, AtomicLong written) {
        return socket -> {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, fill);
            OutputStream out = socket.getOutputStream();
            for (long left = bytes; left > 0; left -= chunk.length) {
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                written.addAndGet(n);
            }
        };
    }

    /** Sends {@code text} a byte at a time with {@code pauseMillis} between, then nothing. */
    private static LoopbackServer.Handler drip(String text, long pauseMillis, boolean forever) {
        return socket -> {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; forever || i < bytes.length; i++) {
                out.write(bytes[i % bytes.length]);
                out.flush();
                Thread.sleep(pauseMillis);
            }
            Thread.sleep(Long.MAX_VALUE);
        };
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersIsDownAtTheDeadline() throws Exception {
        LoopbackServer s = server(LoopbackServer.ACCEPT);
        Verdict v = checkEndsInTime(s.port(), "-s", "GET /\\n", "-x", "HTTP");
        assertThat(v.reason()).isEqualTo("READ to 127.0.0.1:" + s.port() + " timed out");
    }

    @Test
    void aServerThatNeverCompletesTheHandshakeIsDownAtTheDeadline() throws Exception {
        // A listener that never accepts: once its accept queue is full, the kernel drops every
        // further SYN, so the connect neither succeeds nor fails.
        try (ServerSocket full = new ServerSocket()) {
            full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            List<Socket> queued = new ArrayList<>();
            try {
                while (queued.size() < 64) {
                    Socket client = new Socket();
                    queued.add(client);
                    try {
                        client.connect(full.getLocalSocketAddress(), 300);
                    } catch (SocketTimeoutException e) {
                        break; // the queue is full: SYNs are dropped
                    }
                }
                Verdict v = checkEndsInTime(full.getLocalPort());
                assertThat(v.reason()).isEqualTo("CONNECT to 127.0.0.1:" + full.getLocalPort()
                        + " timed out");
            } finally {
                for (Socket q : queued) {
                    q.close();
                }
            }
        }
    }

    @Test
    void aByteASecondForeverIsDecidedByTheFirstBytesOrAtTheDeadline() throws Exception {
        LoopbackServer garbage = server(drip("xyz", 300, true));
        Verdict wrong = checkEndsInTime(garbage.port(), "-x", "HTTP");
        assertThat(wrong.reason()).startsWith("Trouble. Received results are not what we expected");

        LoopbackServer slowHttp = server(drip("HTTP/1.0 200 OK\r\n", 20, true));
        assertThat(checkEndsInTime(slowHttp.port(), "-x", "HTTP/1.0 200").available())
                .as("the expect string came in the first bytes").isTrue();
        assertThat(checkEndsInTime(slowHttp.port(), "-x", "200 OK", "--regex").available())
                .isTrue();

        LoopbackServer endless = server(drip("a", 1000, true));
        Verdict never = checkEndsInTime(endless.port(), "-x", "200", "--regex");
        assertThat(never.available()).isFalse();
        assertThat(never.reason()).startsWith("READ to 127.0.0.1:" + endless.port()
                + " timed out; ");
    }

    @Test
    void aHundredMegabyteReplyIsReadOnlyUpToTheBound() throws Exception {
        AtomicLong written = new AtomicLong();
        LoopbackServer s = server(flood(100L << 20, (byte) 'a', written));
        Verdict v = checkEndsInTime(s.port(), "-x", "HTTP/1.1 200", "--regex");
        assertThat(v.reason()).contains("has no match of the regular expression");
        // nanny stopped reading and closed: the server got no further than the socket buffers
        assertThat(written.get()).isLessThan(100L << 20);
        assertThat(checkEndsInTime(s.port(), "-x", "aaaa").available()).isTrue();
    }

    @Test
    void binaryGarbageIsDownUnlessAnyReplyWillDo() throws Exception {
        byte[] noise = new byte[100_000];
        new Random(15).nextBytes(noise);
        LoopbackServer s = server(socket -> {
            socket.getOutputStream().write(noise);
            socket.getInputStream().read();
        });
        assertThat(checkEndsInTime(s.port(), "-x", "SSH-").available()).isFalse();
        assertThat(checkEndsInTime(s.port(), "-x", "^SSH-[[:digit:]]", "--regex").available())
                .isFalse();
        assertThat(checkEndsInTime(s.port(), "-x", "*").available()).isTrue();
    }

    @Test
    void aCatastrophicRegexAgainstALongReplyEndsInTime() throws Exception {
        String as = "a".repeat(50_000);
        LoopbackServer s = server(LoopbackServer.replying(as, false));
        Verdict v = checkEndsInTime(s.port(), "-x", "(a+)+b", "--regex");
        assertThat(v.reason()).contains("has no match of the regular expression \"(a+)+b\"");
        // the same reply, a byte at a time: the pacer keeps matching linear
        LoopbackServer drip = server(drip("a", 0, true));
        assertThat(checkEndsInTime(drip.port(), "-x", "(a+)+b", "--regex").available())
                .isFalse();
    }

    @Test
    void udpGarbageAndFloodsEndInTime() throws Exception {
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread flooder = new Thread(() -> {
                byte[] buf = new byte[2048];
                try {
                    java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                    udp.receive(p);
                    byte[] a = new byte[] {'a'};
                    while (!udp.isClosed()) {
                        udp.send(new java.net.DatagramPacket(a, 1, p.getSocketAddress()));
                    }
                } catch (IOException e) {
                    // the test closed the socket
                }
            });
            flooder.setDaemon(true);
            flooder.start();
            Verdict v = checkEndsInTime(udp.getLocalPort(), "-u", "-s", "ping", "-x",
                    "(a+)+b", "--regex");
            assertThat(v.available()).isFalse();
        }
    }
}
