package org.piranha.pulse.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.pulse.status.StatusPlane.LvsdReports;

/** The status plane's listeners as both daemons start them, on real sockets. */
class StatusPlaneTest {

    @TempDir
    Path dir;

    private final StatusBoard board = new StatusBoard(1, "test", Instant.now(), System.nanoTime(), false);
    private final Clock clock = Clock.systemUTC();

    private Path statusSocket() {
        return dir.resolve("status.sock");
    }

    private Map<String, String> reportsBesideTheStatusSocket() {
        return Map.of("PIRANHA_LVSD_REPORTS", dir.resolve("status-lvsd-reports.sock").toString());
    }

    @Test
    void theStatusSocketAnswersAndLvsdIsToldWhereToReportUntilTheyClose() throws IOException {
        try (StatusPlane plane = new StatusPlane(statusSocket(), board, clock)) {
            plane.listen(Optional.of(LvsdReports.forStatus(() -> { })));
            assertThat(ask(statusSocket())).contains("\"schema\"");
            assertThat(plane.lvsdEnvironment()).isEqualTo(reportsBesideTheStatusSocket());
            try (SocketChannel lvsd = report(dir.resolve("status-lvsd-reports.sock"))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> !board.reports().isNone());
            }
        }
        assertThatThrownBy(() -> ask(statusSocket())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> report(dir.resolve("status-lvsd-reports.sock")).close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void withoutLvsdNobodyIsListenedForButTheStatusClient() throws IOException {
        try (StatusPlane plane = new StatusPlane(statusSocket(), board, clock)) {
            plane.listen(Optional.empty());
            assertThat(ask(statusSocket())).contains("\"schema\"");
            assertThat(plane.lvsdEnvironment()).isEmpty();
            assertThat(dir.resolve("status-lvsd-reports.sock")).doesNotExist();
        }
    }

    @Test
    void activeBackupDoesNotListenForLvsdWhenTheStatusSocketCannotListen() throws IOException {
        try (StatusServer other = StatusServer.start(statusSocket(), new StatusDocument(board, new ConfigFingerprint()),
                clock);
                StatusPlane plane = new StatusPlane(statusSocket(), board, clock)) {
            plane.listen(Optional.of(LvsdReports.forStatus(() -> { })));
            assertThat(plane.lvsdEnvironment()).isEmpty();
            assertThat(dir.resolve("status-lvsd-reports.sock")).doesNotExist();
        }
    }

    @Test
    void multiActiveListensForLvsdEvenWhenTheStatusSocketCannotListenAndHearsEveryBatch() throws IOException {
        AtomicInteger heard = new AtomicInteger();
        try (StatusServer other = StatusServer.start(statusSocket(), new StatusDocument(board, new ConfigFingerprint()),
                clock);
                StatusPlane plane = new StatusPlane(statusSocket(), board, clock)) {
            plane.listen(Optional.of(LvsdReports.forAnnouncements(heard::incrementAndGet)));
            assertThat(plane.lvsdEnvironment()).isEqualTo(reportsBesideTheStatusSocket());
            try (SocketChannel lvsd = report(dir.resolve("status-lvsd-reports.sock"))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() > 0);
                assertThat(board.reports().isNone()).isFalse();
            }
        }
    }

    @Test
    void theMetricsAreServedToTheUsersOnlyAndCloseWithThePlane() throws IOException {
        String hash = BCrypt.withDefaults().hashToString(4, "s3cret".toCharArray());
        Path users = Files.writeString(dir.resolve("users"), "prometheus:" + hash + "\n");
        int port = freePort();
        try (StatusPlane plane = new StatusPlane(statusSocket(), board, clock)) {
            plane.serveMetrics(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), MetricsUsers.read(users));
            HttpURLConnection scrape = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/metrics").toURL()
                    .openConnection();
            assertThat(scrape.getResponseCode()).isEqualTo(401);
            scrape.disconnect();
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aUsersFileThatCannotBeReadStopsTheStartNamingTheOptionAndTheFile() throws IOException {
        Path missing = dir.resolve("users");
        assertThatThrownBy(() -> MetricsUsers.readAtStart(missing)).isInstanceOf(IOException.class)
                .hasMessage("--metrics-users: no such file: " + missing);
        Files.writeString(missing, "prometheus:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
        assertThatThrownBy(() -> MetricsUsers.readAtStart(missing)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("--metrics-users: " + missing + ":1: not USER:BCRYPT-HASH");
    }

    @Test
    void aPortInUseLosesOnlyTheMetrics() throws IOException {
        String hash = BCrypt.withDefaults().hashToString(4, "s3cret".toCharArray());
        MetricsUsers users = MetricsUsers.read(Files.writeString(dir.resolve("users"), "prometheus:" + hash + "\n"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                StatusPlane plane = new StatusPlane(statusSocket(), board, clock)) {
            plane.listen(Optional.empty());
            plane.serveMetrics(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()), users);
            assertThat(ask(statusSocket())).contains("\"schema\"");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** What the status socket answers a client that sends nothing. */
    private static String ask(Path socket) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            try (InputStream in = Channels.newInputStream(channel)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * lvsd's connection with one batch sent; pulse takes the batch when it ends, and forgets it
     * when the connection does, so the caller holds it open.
     */
    private static SocketChannel report(Path reportSocket) throws IOException {
        SocketChannel lvsd = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            lvsd.connect(UnixDomainSocketAddress.of(reportSocket));
            lvsd.write(ByteBuffer.wrap("report ready=1\nserver www web1 state=down weight=-\nend\n"
                    .getBytes(StandardCharsets.UTF_8)));
            return lvsd;
        } catch (IOException e) {
            lvsd.close();
            throw e;
        }
    }
}
