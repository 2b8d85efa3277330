package org.piranha.lvsd;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.VirtualService;

/**
 * A parked lvsd's rehearsal of its start-up checks (see {@link Lvsd}): each check it would make
 * at the takeover (connect, send, read and match the reply; over UDP too), made with the real
 * service's send and expect and through the {@link StartProbe} it will use, against a listener of
 * its own on the loopback address inside this process. The code that decides whether the first
 * real servers go into the table then runs compiled and linked when it counts instead of for the
 * first time. No real server and no network sees anything: the only peer is this process.
 */
final class CheckRehearsal {

    /** What the listener answers: something to match, whatever the expect asks for. */
    private static final byte[] REPLY = "HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** A check against this process's own listener takes milliseconds; this bounds a stuck one. */
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private CheckRehearsal() {}

    /**
     * Runs each check lvsd would make itself at start, {@code rounds} times, through
     * {@code probe} (whose results arrive on the loop), and returns once they are over or after
     * {@link #LIMIT}. Does nothing when no service has such a check or loopback is unusable.
     */
    static void rehearse(LvsConfig config, Director.Settings settings, StartProbe probe, int rounds) {
        List<VirtualService> checked = config.activeServices().stream()
                .filter(StartProbe::checksAtStart)
                .filter(s -> !s.activeServers().isEmpty())
                .toList();
        if (checked.isEmpty()) {
            return;
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket tcp = new ServerSocket(0, 50, loopback); DatagramSocket udp = new DatagramSocket(0, loopback)) {
            answer(tcp);
            answer(udp);
            for (int round = 0; round < rounds; round++) {
                List<CompletableFuture<StartProbe.Result>> results = new ArrayList<>();
                for (VirtualService service : checked) {
                    List<String> argv = NannyCommand.of(config.globals(), service, service.activeServers().get(0),
                            settings.defaultNanny(), settings.nodaemon(), settings.verbose());
                    int port = argv.contains("-u") ? udp.getLocalPort() : tcp.getLocalPort();
                    CompletableFuture<StartProbe.Result> result = new CompletableFuture<>();
                    probe.probe(onLoopback(argv, loopback, port), result::complete);
                    results.add(result);
                }
                CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                        .get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IOException | TimeoutException | ExecutionException e) {
            // a rehearsal only: the real checks at the takeover say what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The nanny command with the real server's address and port replaced by the listener's. */
    static List<String> onLoopback(List<String> argv, InetAddress loopback, int port) {
        List<String> copy = new ArrayList<>(argv);
        for (int i = 0; i + 1 < copy.size(); i++) {
            switch (copy.get(i)) {
                case "-h" -> copy.set(i + 1, loopback.getHostAddress());
                case "-r" -> copy.set(i + 1, Integer.toString(port));
                default -> { }
            }
        }
        return copy;
    }

    private static void answer(ServerSocket tcp) {
        daemon("lvsd-rehearsal-tcp", () -> {
            while (!tcp.isClosed()) {
                try (Socket socket = tcp.accept(); OutputStream out = socket.getOutputStream()) {
                    socket.setSoTimeout((int) LIMIT.toMillis());
                    socket.getInputStream().read(new byte[512]);
                    out.write(REPLY);
                } catch (IOException e) {
                    // closed at the end, or the check went away
                }
            }
        });
    }

    private static void answer(DatagramSocket udp) {
        daemon("lvsd-rehearsal-udp", () -> {
            byte[] buffer = new byte[512];
            while (!udp.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    udp.receive(packet);
                    udp.send(new DatagramPacket(REPLY, REPLY.length, packet.getSocketAddress()));
                } catch (IOException e) {
                    // closed at the end
                }
            }
        });
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
