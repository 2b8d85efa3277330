package org.piranha.nanny;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of check against real servers and programs on loopback. */
class ChecksTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

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

    private static Verdict check(int port, String... options) throws UsageException {
        return checkWithin(SECOND * 5, port, options);
    }

    private static Verdict checkWithin(long nanos, int port, String... options)
            throws UsageException {
        List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(port),
                "-t", Double.toString(nanos / 1e9), "--lvs"));
        args.addAll(List.of(options));
        NannyConfig config = NannyArgs.parse(args.toArray(new String[0])).config();
        List<String> errors = new ArrayList<>();
        Check check = Check.of(config, errors);
        assertThat(errors).isEmpty();
        return check.run(System.nanoTime() + nanos);
    }

    @Test
    void tcpConnect() throws Exception {
        LoopbackServer s = server(LoopbackServer.ACCEPT);
        assertThat(check(s.port()).available()).isTrue();
        s.stop();
        // A port bound without listening refuses. Not the stopped server's port (its accepted
        // connection may still hold it), and not a merely free one: another test could take it,
        // or it could become the check's own source port (a TCP self-connect, which "succeeds").
        try (java.net.Socket holder = new java.net.Socket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = holder.getLocalPort();
            Verdict refused = check(port);
            assertThat(refused.available()).isFalse();
            assertThat(refused.reason()).startsWith("CONNECT to 127.0.0.1:" + port + " failed: ")
                    .contains("refused");
        }
    }

    @Test
    void sendExpectPrefix() throws Exception {
        LoopbackServer s = server(LoopbackServer.replying("+OK POP3 ready\r\n", false));
        assertThat(check(s.port(), "-x", "+OK").available()).isTrue();
        Verdict wrong = check(s.port(), "-x", "-ERR");
        assertThat(wrong.reason()).isEqualTo("Trouble. Received results are not what we expected"
                + " from (127.0.0.1:" + s.port() + "): got \"+OK POP3 ready\\r\\n\", expected"
                + " \"-ERR\"");
    }

    @Test
    void aReplySplitAcrossSegmentsIsReadUntilDecided() throws Exception {
        LoopbackServer s = server(LoopbackServer.splitReply(150, "HT", "TP/1.0 2", "00 OK\r\n"));
        assertThat(check(s.port(), "-s", "GET / HTTP/1.0\\r\\n\\r\\n", "-x", "HTTP/1.0 200")
                .available()).isTrue();
        assertThat(check(s.port(), "-s", "GET /\\n", "-x", "200 OK", "--regex").available())
                .isTrue();
    }

    @Test
    void aReplyCutShortFails() throws Exception {
        LoopbackServer s = server(LoopbackServer.replying("HT", true));
        Verdict v = check(s.port(), "-s", "GET /\\n", "-x", "HTTP");
        assertThat(v.reason()).isEqualTo("READ from 127.0.0.1:" + s.port()
                + " was too short[2>=4]: got \"HT\"");
    }

    @Test
    void aSilentServerTimesOutWithinTheInterval() throws Exception {
        LoopbackServer s = server(LoopbackServer.ACCEPT);
        long start = System.nanoTime();
        Verdict v = checkWithin(SECOND / 2, s.port(), "-s", "HELO\\n", "-x", "250");
        assertThat(v.reason()).isEqualTo("READ to 127.0.0.1:" + s.port() + " timed out");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(SECOND / 2 - SECOND / 100);
    }

    @Test
    void aConnectionClosedWithoutReplyFails() throws Exception {
        LoopbackServer s = server(socket -> socket.getInputStream().read());
        assertThat(check(s.port(), "-s", "HELO\\n", "-x", "250").reason()).isEqualTo("READ from"
                + " 127.0.0.1:" + s.port() + " returned nothing: the server closed the connection"
                + " without a reply");
    }

    @Test
    void starAcceptsAnyReplyAndRegexSearches() throws Exception {
        LoopbackServer s = server(LoopbackServer.replying("\u0001binary", false));
        assertThat(check(s.port(), "-x", "*").available()).isTrue();
        LoopbackServer smtp = server(LoopbackServer.replying("220 mx.example.com ESMTP\r\n",
                false));
        assertThat(check(smtp.port(), "-x", "[[:digit:]]+ mx\\.", "--regex").available())
                .isTrue();
        assertThat(check(smtp.port(), "-x", "^250", "--regex").available()).isFalse();
    }

    @Test
    void escapesAreSuppressedWithT() throws Exception {
        LoopbackServer s = server(LoopbackServer.replying("a\\tb", false));
        assertThat(check(s.port(), "-x", "a\\tb").available()).as("\\t becomes a tab").isFalse();
        assertThat(check(s.port(), "-T", "-x", "a\\tb").available()).isTrue();
    }

    @Test
    void udpWithAndWithoutExpect() throws Exception {
        DatagramSocket echo = new DatagramSocket(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0));
        resources.add(echo);
        Thread t = new Thread(() -> {
            byte[] b = new byte[512];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(b, b.length);
                    echo.receive(p);
                    byte[] reply = ("pong " + new String(b, 0, p.getLength())).getBytes();
                    echo.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
            } catch (java.io.IOException e) {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
        int port = echo.getLocalPort();
        assertThat(check(port, "-u", "-s", "ping", "-x", "pong ping").available()).isTrue();
        assertThat(check(port, "-u", "-s", "ping").available()).as("any reply").isTrue();
        assertThat(check(port, "-u", "-s", "ping", "-x", "pang").reason())
                .startsWith("Trouble. Received results are not what we expected");
    }

    @Test
    void udpClosedPortIsDownAndSilenceDependsOnWhatWasAsked() throws Exception {
        DatagramSocket silent = new DatagramSocket(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0));
        resources.add(silent);
        DatagramSocket closed = new DatagramSocket(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0));
        int closedPort = closed.getLocalPort();
        closed.close();
        Verdict v = check(closedPort, "-u", "-s", "ping", "-x", "pong");
        assertThat(v.reason()).isEqualTo("UDP port 127.0.0.1:" + closedPort + " is closed (ICMP"
                + " port unreachable): is the service running on the real server?");
        assertThat(check(closedPort, "-u").available()).as("neither send nor expect").isFalse();
        int port = silent.getLocalPort();
        assertThat(checkWithin(SECOND / 2, port, "-u", "-s", "ping").reason())
                .isEqualTo("READ to 127.0.0.1:" + port + " timed out");
        assertThat(checkWithin(SECOND / 2, port, "-u").available())
                .as("without send and expect only a closed port is down").isTrue();
    }

    @Test
    void sendProgramOutputIsComparedWithExpect() throws Exception {
        Path args = dir.resolve("args");
        Path ok = Scripts.write(dir, "ok", "echo \"$@\" > " + args + "; echo OK");
        assertThat(check(8080, "-e", ok + " --host=%h %p -x", "-x", "OK").available()).isTrue();
        assertThat(Files.readString(args)).as("%h and %p replaced inside words too")
                .isEqualTo("--host=127.0.0.1 8080 -x\n");
        Verdict wrong = check(8080, "-e", ok.toString(), "-x", "FINE");
        assertThat(wrong.reason()).isEqualTo("Trouble. Received results are not what we expected"
                + " from (127.0.0.1:8080): got \"OK\", expected \"FINE\"");
        assertThat(check(8080, "-e", ok.toString(), "-x", "^O", "--regex").available()).isTrue();
        assertThat(check(8080, "-e", ok.toString()).available()).as("no expect: exit 0")
                .isTrue();
    }

    @Test
    void aFailingOrSilentSendProgramFails() throws Exception {
        Path failing = Scripts.write(dir, "failing", "echo OK; echo 'no route' >&2; exit 3");
        assertThat(check(80, "-e", failing.toString(), "-x", "OK").reason()).isEqualTo("The"
                + " following exited abnormally: " + failing + " (exit status 3): no route");
        Path silent = Scripts.write(dir, "silent", "exit 0");
        assertThat(check(80, "-e", silent.toString(), "-x", "OK").reason()).isEqualTo("Ran the"
                + " external sending program to (127.0.0.1:80) but didn't get anything back,"
                + " while expect is \"OK\"");
        assertThat(check(80, "-e", dir.resolve("missing") + " %h").reason())
                .startsWith("cannot run send_program " + dir.resolve("missing") + " %h: ");
    }

    @Test
    void aHangingSendProgramIsKilledAtTheInterval() throws Exception {
        Path pidFile = dir.resolve("pid");
        Path hang = Scripts.write(dir, "hang", "echo $$ > " + pidFile + "; exec sleep 60");
        long start = System.nanoTime();
        Verdict v = checkWithin(SECOND / 2, 80, "-e", hang.toString(), "-x", "OK");
        assertThat(v.reason()).isEqualTo("timeout running the following: " + hang
                + " (it did not finish within the interval and was killed)");
        assertThat(System.nanoTime() - start).isLessThan(SECOND * 5);
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
