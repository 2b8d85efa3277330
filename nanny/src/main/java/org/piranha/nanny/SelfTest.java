package org.piranha.nanny;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nanny --selftest}: runs each kind of check against servers of its own on loopback and a
 * short monitoring loop, and says whether each worked. It needs no privilege and no network. It
 * is also the training run that piranha-cds records into nanny's class-data-sharing archive, so
 * it walks the code paths a real nanny takes.
 */
final class SelfTest {

    private SelfTest() {
    }

    /** Returns the exit status: 0 when every step worked. */
    static int run(PrintStream out) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket tcp = new ServerSocket(0, 50, loopback);
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            startWebServer(tcp);
            startEchoServer(udp);
            String host = loopback.getHostAddress();
            String tcpPort = Integer.toString(tcp.getLocalPort());
            String udpPort = Integer.toString(udp.getLocalPort());
            int failures = 0;
            failures += step(out, "tcp web check", true, host, "-p", "80", "-r", tcpPort);
            failures += step(out, "tcp send/expect", true, host, "-p", tcpPort,
                    "-s", "GET / HTTP/1.0\\r\\n\\r\\n", "-x", "HTTP/1.0 200");
            failures += step(out, "tcp regex", true, host, "-p", tcpPort, "-s", "GET /\\n",
                    "-x", "^HTTP/1\\.[01] [[:digit:]]+", "--regex");
            failures += step(out, "tcp mismatch", false, host, "-p", tcpPort, "-s", "GET /\\n",
                    "-x", "SSH-");
            failures += step(out, "udp send/expect", true, host, "-u", "-p", udpPort,
                    "-s", "ping", "-x", "ping");
            failures += step(out, "send_program", true, host, "-p", tcpPort,
                    "-e", "echo %h:%p", "-x", host + ":" + tcpPort);
            failures += loadAverage(out);
            failures += monitorLoop(out, host, tcpPort);
            out.println(failures == 0 ? "selftest: ok" : "selftest: " + failures + " failed");
            return failures == 0 ? 0 : 1;
        } catch (IOException | UsageException | RuntimeException e) {
            out.println("selftest: cannot run: " + e);
            return 1;
        }
    }

    private static int step(PrintStream out, String name, boolean expectUp, String host,
            String... options) throws UsageException {
        List<String> args = new ArrayList<>(List.of("-c", "-h", host, "-t", "5", "--lvs"));
        args.addAll(List.of(options));
        NannyConfig config = NannyArgs.parse(args.toArray(new String[0])).config();
        Check check = Check.of(config, new ArrayList<>());
        Verdict verdict = check.run(System.nanoTime() + 5_000_000_000L);
        boolean ok = verdict.available() == expectUp;
        out.println("selftest: " + name + ": " + (ok ? "ok" : "FAILED")
                + (verdict.reason() == null ? "" : " (" + verdict.reason() + ")"));
        return ok ? 0 : 1;
    }

    /** Load monitoring's parsing and weight formula (its probe needs a remote host). */
    private static int loadAverage(PrintStream out) {
        boolean ok;
        try {
            double load = LoadProbe.parse(" 10:00:00 up 2 days,  1 user,  load average: 0.00,"
                    + " 0.01, 0.05\n");
            ok = new WeightPolicy(8, 10).forLoad(8, load) == 12;
        } catch (LoadProbe.LoadException e) {
            ok = false;
        }
        out.println("selftest: load average: " + (ok ? "ok" : "FAILED"));
        return ok ? 0 : 1;
    }

    /** Runs the real loop until the server is reported up twice (slow start), then stops it. */
    private static int monitorLoop(PrintStream out, String host, String port)
            throws UsageException {
        NannyConfig config = NannyArgs.parse("-c", "-h", host, "-p", port, "-t", "0.01",
                "-w", "2", "-V", "127.0.0.1", "--lvs").config();
        ByteArrayOutputStream protocol = new ByteArrayOutputStream();
        Reporter reporter = new Reporter(protocol);
        Monitor monitor = new Monitor(config, Check.of(config, new ArrayList<>()), reporter,
                new Lifeline(), 0);
        Signals.install(monitor); // the handlers' classes belong in the CDS archive too
        Thread loop = new Thread(monitor::run, "selftest-monitor");
        loop.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!protocol.toString(StandardCharsets.UTF_8).contains("up weight=2")
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        monitor.stop("selftest done");
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String lines = protocol.toString(StandardCharsets.UTF_8);
        String verdicts = lines.replaceAll("checked (ok|failed) us=[0-9]+\n", "");
        boolean ok = verdicts.contains("up weight=1\nup weight=2\n") && verdicts.endsWith("down\n")
                && lines.matches("(?s).*checked ok us=[0-9]+\n.*");
        out.println("selftest: monitor loop: " + (ok ? "ok" : "FAILED: "
                + lines.replace('\n', '|')));
        return ok ? 0 : 1;
    }

    private static void startWebServer(ServerSocket server) {
        daemon("selftest-tcp", () -> {
            while (true) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    in.read(new byte[512]);
                    OutputStream o = s.getOutputStream();
                    o.write("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        });
    }

    private static void startEchoServer(DatagramSocket server) {
        daemon("selftest-udp", () -> {
            byte[] buffer = new byte[512];
            while (true) {
                try {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    server.receive(p);
                    server.send(new DatagramPacket(buffer, p.getLength(), p.getSocketAddress()));
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        });
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
