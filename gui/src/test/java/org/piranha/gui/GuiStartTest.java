package org.piranha.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.gui.auth.PasswordHash;

/**
 * piranha-gui's start in a JVM of its own, as the launcher runs it: what it loads before the
 * login page answers (bench/gui measures the time).
 */
class GuiStartTest {

    @TempDir
    Path dir;

    @Test
    void theLoginPageAnswersWithoutStartingJmx() throws Exception {
        Path lvsCf = Files.writeString(dir.resolve("lvs.cf"), RunningGui.LVS_CF);
        Path passwd = Files.writeString(dir.resolve("piranha.passwd"),
                "piranha:" + PasswordHash.bcrypt(RunningGui.PASSWORD.toCharArray()) + "\n");
        Path classes = dir.resolve("classes.txt");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process gui = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                GuiMain.class.getName(), "-n", "-c", lvsCf.toString(), "-p", passwd.toString(),
                "--listen", "127.0.0.1:" + port, "--status-socket", dir.resolve("none.sock").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI login = URI.create("http://127.0.0.1:" + port + "/login");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(login).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } finally {
            gui.destroy();
            gui.waitFor();
        }
        // Jetty's MemoryUtils starts the platform MBean server unless told the references per cache line
        assertThat(Files.readAllLines(classes)).as("classes loaded").isNotEmpty()
                .noneMatch(line -> line.contains(" javax.management.MBeanServer "));
    }
}
