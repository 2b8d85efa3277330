package org.piranha.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.gui.RunningGui.send;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Login throttling, the idle timeout, starting without a password file, and HTTPS. */
class GuiLoginTest {

    @TempDir
    Path dir;

    private static HttpRequest loginForm(RunningGui gui, String password) {
        return gui.request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=piranha&password=" + password)).build();
    }

    @Test
    void fiveWrongPasswordsInAMinuteGive429EvenForTheRightOne() throws Exception {
        try (RunningGui gui = new RunningGui(dir, Duration.ofMinutes(15))) {
            HttpClient http = RunningGui.client();
            for (int i = 0; i < 3; i++) {
                assertThat(send(http, loginForm(gui, "wrong" + i)).statusCode()).isEqualTo(401);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(send(http, gui.request("/api/config")
                        .header("Authorization", RunningGui.basic("piranha", "bad" + i)).build()).statusCode()).isEqualTo(401);
            }

            HttpResponse<String> form = send(http, loginForm(gui, "correct+horse"));
            HttpResponse<String> basic = send(http, gui.request("/api/config")
                    .header("Authorization", RunningGui.basic("piranha", RunningGui.PASSWORD)).build());

            assertThat(form.statusCode()).isEqualTo(429);
            assertThat(form.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(basic.statusCode()).isEqualTo(429);
            assertThat(basic.headers().firstValue("Retry-After")).isPresent();
            assertThat(basic.body()).doesNotContain(RunningGui.MARKER);
        }
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutIsGone() throws Exception {
        try (RunningGui gui = new RunningGui(dir, Duration.ofSeconds(1))) {
            HttpClient browser = RunningGui.browser();
            gui.logIn(browser);
            assertThat(send(browser, gui.request("/virtual").build()).statusCode()).isEqualTo(200);
            long loggedIn = System.nanoTime();

            await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(10)).until(() ->
                    send(browser, gui.request("/virtual").header("Accept", "text/html").build()).statusCode() == 303);
            assertThat(Duration.ofNanos(System.nanoTime() - loggedIn)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void refusesToStartWithoutAPasswordFileAndSaysToRunPiranhaPasswd() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = new CommandLine(new GuiMain()).execute("-n", "-c", dir.resolve("lvs.cf").toString(),
                    "-p", dir.resolve("missing.passwd").toString(), "--listen", "127.0.0.1:0");
        } finally {
            System.setErr(saved);
        }
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.passwd", "no such file", "run piranha-passwd");
    }

    @Test
    void servesHttpsWithAPemCertificateAndKey() throws Exception {
        Path cert = dir.resolve("gui.crt");
        Path key = dir.resolve("gui.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(openssl.waitFor()).isZero();
        Path passwd = dir.resolve("piranha.passwd");
        Files.writeString(passwd, "piranha:" + org.piranha.gui.auth.PasswordHash.bcrypt("pw".toCharArray()) + "\n");
        Files.writeString(dir.resolve("lvs.cf"), RunningGui.LVS_CF);
        org.piranha.gui.auth.PasswordFile passwords = new org.piranha.gui.auth.PasswordFile(passwd);
        passwords.load();
        try (GuiServer server = new GuiServer(new GuiServer.Settings(dir.resolve("lvs.cf"), passwords, "127.0.0.1", 0,
                Tls.keyStore(cert, key), dir.resolve("none.sock"), Duration.ofMinutes(1))).start()) {
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] chain, String type) {}
                public void checkServerTrusted(X509Certificate[] chain, String type) {}
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            HttpClient https = HttpClient.newBuilder().sslContext(trustAll).build();
            String base = "https://127.0.0.1:" + server.port();

            HttpResponse<String> config = https.send(HttpRequest.newBuilder(java.net.URI.create(base + "/api/config"))
                    .header("Authorization", RunningGui.basic("piranha", "pw")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(config.statusCode()).isEqualTo(200);
            assertThat(config.body()).contains(RunningGui.MARKER);

            HttpResponse<String> login = https.send(HttpRequest.newBuilder(java.net.URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=piranha&password=pw")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.headers().firstValue("Set-Cookie")).get().asString().endsWith("; Secure");

            for (String plain : List.of("http://127.0.0.1:" + server.port() + "/api/config")) {
                HttpResponse<String> response;
                try {
                    response = RunningGui.client().send(HttpRequest.newBuilder(java.net.URI.create(plain))
                            .header("Authorization", RunningGui.basic("piranha", "pw")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(response.body()).doesNotContain(RunningGui.MARKER);
                } catch (java.io.IOException refused) {
                    // plain HTTP on the TLS port: no answer at all is fine too
                }
            }
        }
    }
}
