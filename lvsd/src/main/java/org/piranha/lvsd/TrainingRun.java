package org.piranha.lvsd;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.piranha.daemon.DaemonLog;
import org.piranha.lvscf.ConfigDiff;
import org.piranha.lvscf.LoadResult;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.IpvsBatch;
import org.piranha.netlink.ipvs.IpvsClient;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.Protocol;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;

/**
 * {@code lvsd --training-run}: the training run that piranha-cds records into lvsd's
 * class-data-sharing archive, so that lvsd's start at a takeover (the cold standby's outage)
 * skips most class loading and linking. It walks the path of a real start without touching
 * anything: logging, reading an lvs.cf of its own, opening IPVS and reading its table (a
 * failure is fine: no IPVS, no privilege), a batch of IPVS changes to the empty table of a
 * network namespace of its own, the Director on a table in memory, the start-up
 * check of a web server of its own on loopback, a reload, nannies (here {@code true}) and a
 * shutdown. Exit status 0 when the check admitted the server.
 */
final class TrainingRun {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private TrainingRun() {}

    static int run() {
        DaemonLog.start("lvsd", true, false);
        try (ServerSocket web = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            serve(web);
            Path dir = Files.createTempDirectory("lvsd-training");
            try {
                return train(dir, web.getLocalPort());
            } finally {
                Files.deleteIfExists(dir.resolve("lvs.cf"));
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            System.out.println("training run: cannot run: " + e.getMessage());
            return 1;
        }
    }

    private static int train(Path dir, int port) throws IOException {
        Path file = Files.writeString(dir.resolve("lvs.cf"), config(port), StandardCharsets.UTF_8);
        LoadResult result = LvsConfigLoader.standard().loadSkippingKeyFile(file);
        LvsConfig config = result.config().orElseThrow(() -> new IOException("training lvs.cf: " + result.errors()));
        ConfigDiff.between(config, config).isEmpty();
        MemoryIpvs table;
        try (IpvsClient client = IpvsClient.open()) {
            table = MemoryIpvs.copyOf(new KernelIpvs(client));
        } catch (IpvsException e) {
            table = new MemoryIpvs();
        }
        trainBatch();
        EventLoop loop = new EventLoop();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        CompletableFuture<Director> started = new CompletableFuture<>();
        Director.Settings settings = new Director.Settings(Path.of("/bin/true"), true, false);
        IpvsTable ipvs = new EchoingIpvs(table, command -> { }); // formats each change, as -t and -v do
        loop.execute(() -> {
            Director director = new Director(config, ipvs, NannyProcess.launcher(), loop, settings, exit::complete,
                    new NannyCheckProbe(loop));
            director.holdNannies();
            director.start();
            director.releaseNannies();
            director.reload(config);
            started.complete(director);
        });
        Director director = started.join();
        Instant deadline = Instant.now().plus(LIMIT);
        boolean admitted = false;
        while (!admitted && Instant.now().isBefore(deadline)) {
            CompletableFuture<Boolean> up = new CompletableFuture<>();
            loop.execute(() -> up.complete(director.serverStates().servers().stream()
                    .anyMatch(s -> s.state().equals("up"))));
            admitted = up.join();
            if (!admitted) {
                sleep();
            }
        }
        loop.execute(() -> director.shutdown(Director.EXIT_OK));
        exit.join();
        System.out.println(admitted ? "training run: ok" : "training run: the start-up check did not admit the server");
        return admitted ? 0 : 1;
    }

    /**
     * The IPVS batch path (encoder, pipelined send, acknowledgement parser, a failure's words)
     * and the dumps a reconcile reads, against a table nobody uses ({@link OwnNamespaceIpvs}).
     * Without the privilege for it only the encoder runs, and without IPVS nothing.
     */
    private static void trainBatch() {
        ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddress.getLoopbackAddress(), 80);
        Service service = Service.builder(key).scheduler("wlc").build();
        Destination server = Destination.builder(InetAddress.getLoopbackAddress(), 8080).weight(2).build();
        Optional<IpvsClient> ownTable = OwnNamespaceIpvs.open();
        try (IpvsClient client = ownTable.isPresent() ? ownTable.get() : IpvsClient.open()) {
            IpvsBatch batch = client.batch().addService(service).addDestination(key, server)
                    .addDestination(key, server) // fails: already there
                    .editDestination(key, server.toBuilder().weight(3).build());
            if (ownTable.isPresent()) {
                batch.execute();
                client.services();
                client.serviceConfigs(); // the services a reconcile reads
                client.destinationConfigs(key); // the dump a reconcile reads
                client.destinationConfigs(key, List.of(server)); // and the one matched with the wanted servers
                client.destinations(key); // the one the status plane reads
                client.batch().deleteDestination(key, server.address(), server.port()).deleteService(key)
                        .execute();
            }
        } catch (IpvsException e) {
            // no IPVS here
        }
    }

    private static void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String config(int port) {
        return "serial_no = 1\n"
                + "primary = 127.0.0.1\n"
                + "service = lvs\n"
                + "network = direct\n"
                + "virtual training {\n"
                + "    active = 1\n"
                + "    address = 127.0.0.1 lo:1\n"
                + "    port = " + port + "\n"
                + "    scheduler = wlc\n"
                + "    send = \"GET / HTTP/1.0\\r\\n\\r\\n\"\n"
                + "    expect = \"HTTP\"\n"
                + "    timeout = 5\n"
                + "    sorry_server = 127.0.0.2\n"
                + "    server web {\n"
                + "        address = 127.0.0.1\n"
                + "        active = 1\n"
                + "        weight = 2\n"
                + "    }\n"
                + "}\n";
    }

    /** Answers every connection with a minimal HTTP reply, on a daemon thread. */
    private static void serve(ServerSocket web) {
        Thread thread = new Thread(() -> {
            while (!web.isClosed()) {
                try (Socket socket = web.accept(); OutputStream out = socket.getOutputStream()) {
                    socket.getInputStream().read(new byte[512]);
                    out.write("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed at the end of the run, or a client that went away
                }
            }
        }, "training web server");
        thread.setDaemon(true);
        thread.start();
    }
}
