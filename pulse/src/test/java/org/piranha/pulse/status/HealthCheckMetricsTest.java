package org.piranha.pulse.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;

/**
 * The health-check figures and the draining state as lvsd reports them (the exact lines lvsd's
 * StatusReporter writes) through pulse's report socket, to the status document and to a real
 * scrape of {@code /metrics} that Prometheus's own {@code promtool check metrics} accepts.
 */
class HealthCheckMetricsTest {

    @TempDir
    Path dir;

    private static final String CF = """
            serial_no = 4
            primary = 10.0.0.1
            service = lvs
            network = direct
            virtual www {
                active = 1
                address = 10.0.0.100 eth0:1
                port = 80
                server web1 {
                    address = 10.0.0.21
                    active = 1
                    weight = 4
                }
            }
            """;

    private final StatusBoard board = new StatusBoard(7, "1.0", Instant.now(), System.nanoTime(), false);

    @Test
    void checksAndDrainedServersReachTheDocumentAndAValidScrape() throws Exception {
        Path file = Files.writeString(dir.resolve("lvs.cf"), CF);
        LvsConfig config = LvsConfigLoader.standard().load(file).config().orElseThrow();
        board.config(new StatusBoard.Config(file, config, ConfigFingerprint.hash(file), Instant.now()));
        board.role("primary", "10.0.0.1", "active", "partner dead: activating lvs", Instant.now(), System.nanoTime());
        board.lvsd(new StatusBoard.Lvsd(true, 99));

        // the connection stays open: when lvsd goes away, pulse forgets its reports
        try (LvsdReportSocket socket = LvsdReportSocket.start(dir.resolve("status.sock"), board, Clock.systemUTC());
                SocketChannel lvsd = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            lvsd.connect(UnixDomainSocketAddress.of(socket.path()));
            lvsd.write(ByteBuffer.wrap(("report ready=1\n"
                    + "server www web1 state=up checks=10 failed=3 check_us=2500000 last_check_us=1250 weight=4"
                    + " active=1 inactive=0 conns=9 inpkts=90 outpkts=80 inbytes=9000 outbytes=80000 cps=0 inbps=0"
                    + " outbps=0\n"
                    + "server www 10.0.0.22%3A80 state=draining checks=0 failed=0 check_us=0 last_check_us=0 weight=0"
                    + " active=2 inactive=1 conns=20 inpkts=200 outpkts=150 inbytes=20000 outbytes=150000 cps=0"
                    + " inbps=0 outbps=0\n"
                    + "end\n").getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(5)).until(() -> !board.reports().isNone());
            documentAndScrape();
        }
    }

    private void documentAndScrape() throws Exception {

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StatusDocument(board, new ConfigFingerprint()).write(out, Instant.now(), System.nanoTime());
        Map<String, Object> document = JSON.std.mapFrom(out.toByteArray());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> servers = (List<Map<String, Object>>) ((Map<String, Object>)
                ((List<Object>) document.get("services")).get(0)).get("real_servers");
        assertThat(servers).hasSize(2);
        assertThat(servers.get(0)).containsEntry("name", "web1").containsEntry("checks_total", 10)
                .containsEntry("checks_failed", 3).containsEntry("last_check_s", 0.00125);
        assertThat(servers.get(1)).containsEntry("name", "10.0.0.22:80").containsEntry("address", "10.0.0.22")
                .containsEntry("port", 80).containsEntry("state", "draining").containsEntry("weight", 0)
                .containsEntry("configured_weight", null).containsEntry("active_conns", 2);
        assertThat(new StatusText(Clock.systemUTC()).render(document))
                .contains("10.0.0.22:80 (removed from lvs.cf)");

        String hash = BCrypt.withDefaults().hashToString(4, "s3cret".toCharArray());
        Path users = Files.writeString(dir.resolve("users"), "prometheus:" + hash + "\n");
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                PulseMetrics.registry(board, new ConfigFingerprint()), MetricsUsers.read(users))) {
            String body = run("curl", "-s", "--max-time", "20", "-u", "prometheus:s3cret",
                    "http://127.0.0.1:" + server.port() + "/metrics");
            String promtool = runExpectingZero(body, "promtool", "check", "metrics");
            assertThat(promtool).doesNotContain("error");
            Map<String, Double> samples = samples(body);
            assertThat(samples)
                    .containsEntry("pulse_health_check_duration_seconds_count{server=\"web1\",service=\"www\"}", 10.0)
                    .containsEntry("pulse_health_check_duration_seconds_sum{server=\"web1\",service=\"www\"}", 2.5)
                    .containsEntry("pulse_health_check_failures_total{server=\"web1\",service=\"www\"}", 3.0)
                    .containsEntry("pulse_health_check_last_duration_seconds{server=\"web1\",service=\"www\"}",
                            0.00125)
                    .containsEntry("pulse_real_server_state{server=\"10.0.0.22:80\",service=\"www\","
                            + "state=\"draining\"}", 1.0)
                    .containsEntry("pulse_ipvs_backend_connections_active{server=\"10.0.0.22:80\",service=\"www\"}",
                            2.0)
                    .doesNotContainKey("pulse_real_server_configured_weight{server=\"10.0.0.22:80\",service=\"www\"}")
                    .doesNotContainKey(
                            "pulse_health_check_duration_seconds_count{server=\"10.0.0.22:80\",service=\"www\"}");
        }
    }

    /** The sample lines of an exposition: "name{labels} value" -> value. */
    static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^([a-z_]+(?:\\{[^}]*\\})?) (\\S+)$").matcher(exposition);
        while (m.find()) {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String runExpectingZero(String input, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
