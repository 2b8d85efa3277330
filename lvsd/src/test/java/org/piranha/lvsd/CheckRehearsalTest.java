package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.piranha.lvscf.LvsConfig;

/**
 * A parked lvsd's rehearsal of its start-up checks: the real checks, through the real probe,
 * against a listener of its own; the real servers (here one on loopback that counts its
 * connections) see nothing.
 */
class CheckRehearsalTest {

    private final AtomicInteger realServerConnections = new AtomicInteger();
    private ServerSocket realServer;
    private EventLoop loop;

    @BeforeEach
    void serve() throws IOException {
        realServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!realServer.isClosed()) {
                try (Socket socket = realServer.accept(); OutputStream out = socket.getOutputStream()) {
                    realServerConnections.incrementAndGet();
                    out.write("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed at the end
                }
            }
        }, "real server");
        thread.setDaemon(true);
        thread.start();
        loop = new EventLoop();
    }

    @AfterEach
    void stop() throws IOException {
        realServer.close();
    }

    @Test
    void checksItsOwnListenerWithTheServicesSendAndExpectNeverTheRealServers() {
        LvsConfig config = Harness.config("""
                serial_no = 1
                primary = 10.0.0.1
                service = lvs
                network = direct
                virtual web {
                    active = 1
                    address = 127.0.0.1 lo:1
                    port = %d
                    send = "GET / HTTP/1.0\\r\\n\\r\\n"
                    expect = "HTTP"
                    timeout = 3
                    server one {
                        address = 127.0.0.1
                        active = 1
                    }
                }
                virtual dns {
                    active = 1
                    address = 127.0.0.1 lo:1
                    port = 53
                    protocol = udp
                    send = "ping"
                    expect = "HTTP"
                    timeout = 3
                    server two {
                        address = 127.0.0.1
                        active = 1
                    }
                }
                virtual monitored {
                    active = 1
                    address = 127.0.0.1 lo:1
                    port = 81
                    send_program = "/bin/true %%h"
                    timeout = 3
                    server three {
                        address = 127.0.0.1
                        port = %d
                        active = 1
                    }
                }
                """.formatted(realServer.getLocalPort(), realServer.getLocalPort()));
        List<List<String>> checked = new CopyOnWriteArrayList<>();
        List<StartProbe.Result> results = new CopyOnWriteArrayList<>();
        StartProbe real = new NannyCheckProbe(loop);
        StartProbe recording = (argv, done) -> {
            checked.add(argv);
            real.probe(argv, result -> {
                results.add(result);
                done.accept(result);
            });
        };

        CheckRehearsal.rehearse(config, new Director.Settings(Path.of("/usr/sbin/nanny"), true, false), recording, 2);

        assertThat(checked).as("two rounds of the two checks lvsd makes itself (not the send_program)").hasSize(4);
        assertThat(checked).allSatisfy(argv -> {
            assertThat(value(argv, "-h")).isEqualTo("127.0.0.1");
            assertThat(value(argv, "-r")).isNotEqualTo(Integer.toString(realServer.getLocalPort()));
            assertThat(value(argv, "-x")).isEqualTo("HTTP");
        });
        assertThat(checked).filteredOn(argv -> argv.contains("-u")).hasSize(2)
                .allSatisfy(argv -> assertThat(value(argv, "-s")).isEqualTo("ping"));
        assertThat(results).as("every rehearsed check reached the listener and matched its reply").hasSize(4)
                .allMatch(StartProbe.Result::passed);
        assertThat(realServerConnections).as("connections to the real server").hasValue(0);
    }

    @Test
    void doesNothingWithoutAServiceWhoseCheckLvsdMakes() {
        LvsConfig config = Harness.config("""
                serial_no = 1
                primary = 10.0.0.1
                service = lvs
                network = direct
                virtual monitored {
                    active = 1
                    address = 127.0.0.1 lo:1
                    port = 80
                    send_program = "/bin/true %h"
                    timeout = 3
                    server three {
                        address = 127.0.0.1
                        active = 1
                    }
                }
                """);
        List<List<String>> checked = new CopyOnWriteArrayList<>();
        CheckRehearsal.rehearse(config, new Director.Settings(Path.of("/usr/sbin/nanny"), true, false),
                (argv, done) -> checked.add(argv), 3);
        assertThat(checked).isEmpty();
    }

    @Test
    void onLoopbackReplacesOnlyTheServerAndItsPort() {
        List<String> argv = List.of("nanny", "-c", "-h", "10.0.0.5", "-p", "80", "-r", "8080", "-s", "x", "--lvs");
        assertThat(CheckRehearsal.onLoopback(argv, InetAddress.getLoopbackAddress(), 4242))
                .containsExactly("nanny", "-c", "-h", "127.0.0.1", "-p", "80", "-r", "4242", "-s", "x", "--lvs");
    }

    private static String value(List<String> argv, String option) {
        return argv.get(argv.indexOf(option) + 1);
    }
}
