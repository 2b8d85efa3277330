package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lvsd --parked} as pulse runs it on a cold standby, in a process of its own (with
 * {@code --test-start}: its IPVS changes are logged, not made): parked it checks its real
 * servers once an interval (the server counts connections), starts no nanny (the nanny is a
 * script that leaves a mark) and changes no table; the line {@code go} on its standard input
 * starts it as lvsd starts, the servers that passed going into the table without another check.
 */
class ParkedLvsdTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private ServerSocket web;
    private Process lvsd;

    @BeforeEach
    void serve() throws IOException {
        web = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!web.isClosed()) {
                try (Socket socket = web.accept(); OutputStream out = socket.getOutputStream()) {
                    connections.incrementAndGet();
                    socket.getInputStream().read(new byte[512]);
                    out.write("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed at the end, or a client gone
                }
            }
        }, "test web server");
        thread.setDaemon(true);
        thread.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (lvsd != null && lvsd.isAlive()) {
            lvsd.destroyForcibly().waitFor();
        }
        web.close();
    }

    @Test
    void parkedChecksButWritesNoTableAndRunsNoNannyUntilGoThenStartsThemWithoutCheckingAgain() throws Exception {
        Path marks = dir.resolve("nanny-ran");
        start();
        awaitLine("parked (cold standby): lvs.cf read and IPVS open; writing nothing to IPVS and running no nanny"
                + " until pulse makes this router active; checking the real servers meanwhile, so that the table"
                + " serves at once then");
        await().atMost(WAIT).until(() -> connections.get() == 1);

        assertThat(output).as("IPVS changes while parked").noneMatch(l -> l.contains("test-start: ipvsadm"));
        assertThat(output).as("the dry run's lines").noneMatch(l -> l.contains("starting virtual service"));
        assertThat(marks).as("a nanny started while parked").doesNotExist();

        go();
        awaitLine("this router is active now: starting from the parked state");
        awaitLine("starting virtual service www active: " + web.getLocalPort());
        await().atMost(WAIT).until(() -> output.stream().anyMatch(l -> l.contains("passed lvsd's start-up check")));
        assertThat(connections).as("checks: the parked one within the interval answered the start").hasValue(1);
        assertThat(output).anyMatch(l -> l.startsWith("test-start: ipvsadm -A"));
        await().atMost(WAIT).until(() -> Files.exists(marks));

        signal("TERM");
        assertThat(lvsd.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lvsd.exitValue()).isZero();
        awaitLine("shutting down virtual service www");
    }

    @Test
    void parkedStopsOnTermAndWhenPulseGoesAway() throws Exception {
        start();
        awaitLine("parked (cold standby)");
        signal("TERM"); // not Process.destroy(), which also closes the pipe that lvsd prints on
        assertThat(lvsd.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lvsd.exitValue()).isZero();
        awaitLine("shutting down due to signal 15");

        output.clear();
        start();
        awaitLine("parked (cold standby)");
        lvsd.getOutputStream().close();
        assertThat(lvsd.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lvsd.exitValue()).isZero();
        awaitLine("standard input closed (pulse is gone): shutting down");
    }

    @Test
    void aReloadWhileParkedIsWhatGoStarts() throws Exception {
        start();
        awaitLine("parked (cold standby)");
        Files.writeString(dir.resolve("lvs.cf"), config().replace("virtual www", "virtual shop"));
        signal("HUP");
        awaitLine("reload: ");
        go();
        awaitLine("starting virtual service shop active: " + web.getLocalPort());
    }

    @Test
    void refusesToParkWithoutAPipe() throws Exception {
        Files.writeString(dir.resolve("lvs.cf"), config());
        Process refused = builder().redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).start();
        String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor()).isEqualTo(2);
        assertThat(said).contains("lvsd: --parked needs a pipe on standard input");
    }

    private void start() throws IOException {
        Files.writeString(dir.resolve("lvs.cf"), config());
        Path sbin = Files.createDirectories(dir.resolve("sbin"));
        Path nanny = sbin.resolve("nanny");
        Files.writeString(nanny, "#!/bin/sh\ntouch " + dir.resolve("nanny-ran") + "\necho ready\nexec cat >/dev/null\n");
        Files.setPosixFilePermissions(nanny, PosixFilePermissions.fromString("rwxr-xr-x"));
        lvsd = builder().redirectErrorStream(true).start();
        Process running = lvsd;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(running.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line.replaceFirst("^lvsd\\[\\d+\\]: ", ""));
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    private ProcessBuilder builder() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Dpiranha.sbin=" + dir.resolve("sbin"), "-cp",
                System.getProperty("java.class.path"), LvsdMain.class.getName(), "--parked", "--test-start", "-n",
                "-c", dir.resolve("lvs.cf").toString());
    }

    private void signal(String name) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(lvsd.pid())).start().waitFor()).isZero();
    }

    private void go() throws IOException {
        lvsd.getOutputStream().write((Lvsd.GO + "\n").getBytes(StandardCharsets.UTF_8));
        lvsd.getOutputStream().flush();
    }

    private void awaitLine(String start) {
        await().atMost(WAIT).until(() -> output.stream().anyMatch(l -> l.startsWith(start)));
    }

    private String config() {
        return "serial_no = 1\n"
                + "primary = 127.0.0.1\n"
                + "service = lvs\n"
                + "network = direct\n"
                + "virtual www {\n"
                + "    active = 1\n"
                + "    address = 127.0.0.1 lo:1\n"
                + "    port = " + web.getLocalPort() + "\n"
                + "    scheduler = wlc\n"
                + "    send = \"GET / HTTP/1.0\\r\\n\\r\\n\"\n"
                + "    expect = \"HTTP\"\n"
                + "    timeout = 60\n"
                + "    server web {\n"
                + "        address = 127.0.0.1\n"
                + "        active = 1\n"
                + "    }\n"
                + "}\n";
    }
}
