package org.piranha.gui;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.piranha.gui.auth.PasswordFile;
import org.piranha.gui.auth.PasswordHash;

/** A piranha-gui listening on a free loopback port, with its own lvs.cf and password file. */
final class RunningGui implements AutoCloseable {

    static final String PASSWORD = "correct horse";
    static final String MARKER = "secretmarker";

    static final String LVS_CF = """
            serial_no = 7
            primary = 10.6.1.201
            service = lvs
            backup_active = 1
            backup = 10.6.1.202
            heartbeat = 1
            heartbeat_port = 539
            keepalive = 2
            deadtime = 6
            network = direct

            virtual %s {
                active = 1
                address = 10.6.1.100 eth0:1
                vip_nmask = 255.255.255.0
                port = 80
                send = "GET / HTTP/1.0\\r\\n\\r\\n"
                expect = "HTTP"
                scheduler = wlc
                protocol = tcp
                timeout = 6
                reentry = 15
                quiesce_server = 0

                server web1 {
                    address = 10.6.2.11
                    active = 1
                    weight = 1
                }
            }
            """.formatted(MARKER);

    final Path dir;
    final Path lvsCf;
    final Path passwd;
    final Path statusSocket;
    private final GuiServer server;
    final URI base;

    RunningGui(Path dir, Duration idleTimeout) throws IOException {
        this(dir, idleTimeout, null);
    }

    RunningGui(Path dir, Duration idleTimeout, org.piranha.gui.partner.Partner partner) throws IOException {
        this.dir = dir;
        lvsCf = dir.resolve("lvs.cf");
        passwd = dir.resolve("piranha.passwd");
        statusSocket = dir.resolve("status.sock");
        Files.writeString(lvsCf, LVS_CF);
        Files.writeString(passwd, "piranha:" + PasswordHash.bcrypt(PASSWORD.toCharArray()) + "\n");
        PasswordFile passwords = new PasswordFile(passwd);
        passwords.load();
        server = new GuiServer(new GuiServer.Settings(lvsCf, passwords, "127.0.0.1", 0, null, statusSocket,
                idleTimeout, partner)).start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A browser-like client: keeps cookies. */
    static HttpClient browser() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieManager()).build();
    }

    HttpRequest.Builder request(String rawPath) {
        return HttpRequest.newBuilder(URI.create(base + rawPath)).timeout(Duration.ofSeconds(30));
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Logs {@code browser} in through the login form; returns the session's CSRF token (read from a page). */
    String logIn(HttpClient browser) throws IOException, InterruptedException {
        HttpResponse<String> login = send(browser, request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=piranha&password=correct+horse")).build());
        if (login.statusCode() != 303) {
            throw new IllegalStateException("login failed: " + login.statusCode() + " " + login.body());
        }
        HttpResponse<String> page = send(browser, request("/global").build());
        return csrfOf(page.body());
    }

    static String csrfOf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token in " + html);
        }
        return m.group(1);
    }

    String lvsCfText() throws IOException {
        return Files.readString(lvsCf);
    }

    @Override
    public void close() {
        server.close();
    }
}
