package org.piranha.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.gui.RunningGui.send;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scriptable API (/api/config, /api/status) of a running piranha-gui, over plain HTTP. */
class GuiApiTest {

    @TempDir
    Path dir;

    RunningGui gui;
    final HttpClient http = RunningGui.client();

    @BeforeEach
    void start() throws Exception {
        gui = new RunningGui(dir, Duration.ofMinutes(15));
    }

    @AfterEach
    void stop() {
        gui.close();
    }

    private HttpRequest.Builder authed(String path) {
        return gui.request(path).header("Authorization", RunningGui.basic("piranha", RunningGui.PASSWORD));
    }

    @Test
    void getGivesTheFileWithItsRevisionAndPutReplacesItKeepingTheOldOne() throws Exception {
        HttpResponse<String> get = send(http, authed("/api/config").build());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        String etag = get.headers().firstValue("ETag").orElseThrow();

        String next = get.body().replace("serial_no = 7", "serial_no = 8").replace("weight = 1", "weight = 3");
        HttpResponse<String> put = send(http, authed("/api/config").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(next)).build());

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag")).get().isNotEqualTo(etag);
        assertThat(gui.lvsCfText()).isEqualTo(next);
        assertThat(Files.readString(dir.resolve("lvs.cf.bak"))).isEqualTo(RunningGui.LVS_CF);
        assertThat(send(http, authed("/api/config").build()).headers().firstValue("ETag"))
                .isEqualTo(put.headers().firstValue("ETag"));
    }

    @Test
    void theBackupIsTheOldFileByteForByteEvenWhereItIsNotUtf8() throws Exception {
        // a comment in Latin-1, as an old hand-edited lvs.cf may have: decoding it as UTF-8 and
        // encoding it again would turn the byte 0xE9 into EF BF BD
        byte[] old = (RunningGui.LVS_CF + "# r\u00e9seau du bureau\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(gui.lvsCf, old);
        HttpResponse<String> get = send(http, authed("/api/config").build());
        String next = RunningGui.LVS_CF.replace("serial_no = 7", "serial_no = 8");
        HttpResponse<String> put = send(http, authed("/api/config").header("If-Match",
                get.headers().firstValue("ETag").orElseThrow()).PUT(HttpRequest.BodyPublishers.ofString(next)).build());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(Files.readAllBytes(dir.resolve("lvs.cf.bak"))).isEqualTo(old);
    }

    @Test
    void anInvalidFileIs422WithFileLineMessagesAndChangesNothing() throws Exception {
        byte[] before = Files.readAllBytes(gui.lvsCf);
        String invalid = RunningGui.LVS_CF.replace("port = 80", "port = 99999").replace("network = direct", "network = bogus");

        HttpResponse<String> put = send(http, authed("/api/config").PUT(HttpRequest.BodyPublishers.ofString(invalid)).build());

        assertThat(put.statusCode()).isEqualTo(422);
        assertThat(put.body()).contains(gui.lvsCf + ":10: ", gui.lvsCf + ":16: ");
        assertThat(Files.readAllBytes(gui.lvsCf)).isEqualTo(before);
        assertThat(dir.resolve("lvs.cf.bak")).doesNotExist();
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() throws Exception {
        String etag = send(http, authed("/api/config").build()).headers().firstValue("ETag").orElseThrow();
        Files.writeString(gui.lvsCf, RunningGui.LVS_CF + "# a hand edit\n");

        HttpResponse<String> put = send(http, authed("/api/config").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(RunningGui.LVS_CF.replace("serial_no = 7", "serial_no = 9"))).build());

        assertThat(put.statusCode()).isEqualTo(412);
        assertThat(gui.lvsCfText()).endsWith("# a hand edit\n");
    }

    @Test
    void serialNoOnlyGoesUp() throws Exception {
        String lower = RunningGui.LVS_CF.replace("serial_no = 7", "serial_no = 3").replace("weight = 1", "weight = 2");

        HttpResponse<String> put = send(http, authed("/api/config").PUT(HttpRequest.BodyPublishers.ofString(lower)).build());

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(gui.lvsCfText()).contains("serial_no = 8\n", "weight = 2\n");
    }

    @Test
    void statusIsPulsesDocumentOr503WhenPulseIsNotRunning() throws Exception {
        HttpResponse<String> none = send(http, authed("/api/status").build());
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(none.body()).contains("pulse is not running");

        String document = StatusDocuments.ACTIVE;
        try (StatusSocket socket = new StatusSocket(gui.statusSocket, document)) {
            HttpResponse<String> status = send(http, authed("/api/status").build());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
            assertThat(status.body()).isEqualTo(document);

            HttpClient browser = RunningGui.browser();
            gui.logIn(browser);
            HttpResponse<String> control = send(browser, gui.request("/control").build());
            assertThat(control.body()).contains("id=\"role\" class=\"up\">active<",
                    "id=\"state-web-web2\">down<", "id=\"state-web-web1\">up<", "10.6.1.100", "<meta http-equiv=\"refresh\" content=\"10\">");
            assertThat(send(browser, gui.request("/control?refresh=off").build()).body()).doesNotContain("http-equiv=\"refresh\"");
        }
    }

    /** A stand-in for pulse's status socket: answers every connection with one document, then closes. */
    static final class StatusSocket implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Thread thread;

        StatusSocket(Path path, String document) throws Exception {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            thread = new Thread(() -> {
                while (server.isOpen()) {
                    try (SocketChannel client = server.accept()) {
                        client.write(ByteBuffer.wrap(document.getBytes(StandardCharsets.UTF_8)));
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "status-socket");
            thread.setDaemon(true);
            thread.start();
            this.path = path;
        }

        private final Path path;

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(5000);
            Files.deleteIfExists(path);
        }
    }
}
