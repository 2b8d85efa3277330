package org.piranha.pulse.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lvsd's report lines as pulse reads them off its report socket. */
class LvsdReportSocketTest {

    @TempDir
    Path dir;

    private final StatusBoard board = new StatusBoard(1, "test", Instant.now(), System.nanoTime(), false);
    private LvsdReportSocket socket;

    @AfterEach
    void close() {
        if (socket != null) {
            socket.close();
        }
    }

    private SocketChannel connect() throws IOException {
        socket = LvsdReportSocket.start(dir.resolve("status.sock"), board, Clock.systemUTC());
        SocketChannel lvsd = SocketChannel.open(StandardProtocolFamily.UNIX);
        lvsd.connect(UnixDomainSocketAddress.of(socket.path()));
        return lvsd;
    }

    private static void send(SocketChannel channel, String text) throws IOException {
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCompleteBatchReplacesTheReportsAndTheSocketIsTheOwnersAlone() throws IOException {
        try (SocketChannel lvsd = connect()) {
            assertThat(socket.path()).isEqualTo(dir.resolve("status-lvsd-reports.sock"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.path())))
                    .isEqualTo("rw-------");
            send(lvsd, "report ready=1\n"
                    + "server www web1 state=up weight=3 active=2 inactive=5 conns=70 inpkts=700 outpkts=600"
                    + " inbytes=70000 outbytes=900000 cps=1 inbps=100 outbps=2000\n"
                    + "server my+www web%202 state=down weight=-\n");
            assertThat(board.reports().isNone()).as("nothing until the batch ends").isTrue();
            send(lvsd, "end\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> !board.reports().isNone());
            ServerReports reports = board.reports();
            assertThat(reports.tableReady()).isTrue();
            assertThat(reports.server("www", "web1")).get().satisfies(s -> {
                assertThat(s.state()).isEqualTo("up");
                assertThat(s.weight()).contains(3);
                assertThat(s.counters()).contains(new ServerReports.Counters(2, 5, 70, 700, 600, 70000, 900000, 1,
                        100, 2000));
            });
            assertThat(reports.server("my www", "web 2")).contains(
                    new ServerReports.Server("down", Optional.empty(), Optional.empty()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> board.reports().isNone());
    }

    @Test
    void servingIsReadAndAnLvsdThatDoesNotSayItHasItAsReady() throws IOException {
        try (SocketChannel lvsd = connect()) {
            send(lvsd, "report ready=0 serving=1\nserver www web1 state=up weight=-\nend\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> !board.reports().isNone());
            assertThat(board.reports().tableReady()).isFalse();
            assertThat(board.reports().tableServing()).isTrue();

            send(lvsd, "report ready=0\nserver www web1 state=unknown weight=-\nend\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> !board.reports().tableServing());
            send(lvsd, "report ready=1\nserver www web1 state=up weight=-\nend\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> board.reports().tableServing());
            assertThat(board.reports().tableReady()).isTrue();
        }
    }

    @Test
    void aMalformedLineEndsTheConnectionAndForgetsTheReports() throws IOException {
        try (SocketChannel lvsd = connect()) {
            send(lvsd, "report ready=0\nserver www web1 state=up weight=1 active=0 inactive=0 conns=0 inpkts=0"
                    + " outpkts=0 inbytes=0 outbytes=0 cps=0 inbps=0 outbps=0\nend\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> !board.reports().isNone());
            send(lvsd, "report ready=1\nserver www web1 state=sideways weight=-\nend\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> board.reports().isNone());
            ByteBuffer buffer = ByteBuffer.allocate(16);
            assertThat(lvsd.read(buffer)).as("pulse closed the connection").isEqualTo(-1);
        }
    }
}
