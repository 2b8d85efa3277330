package org.piranha.pulse.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --metrics address, the htpasswd file of who may scrape, and what a flood of scrapes gets. */
class MetricsServerTest {

    @TempDir
    Path dir;

    @Test
    void addressesAreLiteralIpv4OrBracketedIpv6WithAPort() {
        assertThat(MetricsServer.parse("10.0.0.1:9539")).isEqualTo(new InetSocketAddress("10.0.0.1", 9539));
        assertThat(MetricsServer.parse("[::1]:9539").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> MetricsServer.parse("localhost:9539")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> MetricsServer.parse("10.0.0.1")).hasMessageContaining("give ADDRESS:PORT");
        assertThatThrownBy(() -> MetricsServer.parse("10.0.0.1:70000")).hasMessageContaining("0 to 65535");
    }

    @Test
    void onlyTheRightPasswordOfAKnownUserPasses() throws IOException {
        String hash = BCrypt.withDefaults().hashToString(4, "s3cret".toCharArray());
        Path file = Files.writeString(dir.resolve("users"), "# scrapers\nprometheus:" + hash + "\n");
        MetricsUsers users = MetricsUsers.read(file);
        assertThat(users.checkCredentials("prometheus", "s3cret")).isTrue();
        assertThat(users.checkCredentials("prometheus", "s3cret")).as("again, remembered").isTrue();
        assertThat(users.checkCredentials("prometheus", "wrong")).isFalse();
        assertThat(users.checkCredentials("other", "s3cret")).isFalse();
    }

    @Test
    void aLineThatIsNotABcryptHashIsRefusedWithFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("users"), "\nprometheus:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
        assertThatThrownBy(() -> MetricsUsers.read(file)).hasMessage(file + ":2: not USER:BCRYPT-HASH; only bcrypt"
                + " hashes are accepted: make the line with htpasswd -B " + file + " USER");
        Path empty = Files.writeString(dir.resolve("empty"), "# nobody\n");
        assertThatThrownBy(() -> MetricsUsers.read(empty)).hasMessageContaining("no user");
    }

    @Test
    void aScrapeBeyondWhatCanWaitIsClosedAtOnceNotLeftHanging() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger scraping = new AtomicInteger();
        PrometheusRegistry registry = new PrometheusRegistry();
        GaugeWithCallback.builder().name("slow").help("a scrape that waits for the test").callback(cb -> {
            scraping.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cb.call(1);
        }).register(registry);
        String hash = BCrypt.withDefaults().hashToString(4, "s3cret".toCharArray());
        MetricsUsers users = MetricsUsers.read(Files.writeString(dir.resolve("users"), "prometheus:" + hash + "\n"));
        List<Socket> clients = new ArrayList<>();
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                registry, users)) {
            for (int i = 0; i < 2; i++) {
                clients.add(scrape(server.port()));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> scraping.get() == 2);
            for (int i = 0; i < MetricsServer.WAITING; i++) {
                clients.add(scrape(server.port()));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> server.waiting() == MetricsServer.WAITING);

            try (Socket refused = scrape(server.port())) {
                refused.setSoTimeout(10_000);
                int first;
                try {
                    first = refused.getInputStream().read();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the scrape no thread could take was left without an answer", e);
                } catch (IOException e) {
                    first = -1; // reset: closed as well
                }
                assertThat(first).as("closed, not answered later").isEqualTo(-1);
            }

            release.countDown();
            for (Socket client : clients) {
                client.setSoTimeout(20_000);
                assertThat(answer(client.getInputStream())).as("every waiting scrape is answered").startsWith(
                        "HTTP/1.1 200");
            }
        } finally {
            release.countDown();
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    private static Socket scrape(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        String auth = Base64.getEncoder().encodeToString("prometheus:s3cret".getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static String answer(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
