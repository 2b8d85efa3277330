package org.piranha.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.gui.RunningGui.send;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CVE-2013-6492 regression and the rest of piranha-gui's security, with plain HTTP requests
 * against a running piranha-gui: nothing but the login page and the style sheet without the
 * password, whatever the method or the path's spelling; sessions; CSRF; escaping; body limits.
 */
class GuiSecurityTest {

    @TempDir
    static Path dir;

    static RunningGui gui;
    final HttpClient http = RunningGui.client();

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    static final List<String> PATHS = List.of("/", "/control", "/global", "/redundancy", "/virtual",
            "/virtual/edit?name=" + RunningGui.MARKER, "/virtual/servers?name=" + RunningGui.MARKER, "/confirm",
            "/api/config", "/api/status", "/logout", "/secure/", "/secure/../api/config", "/secure/..%2fapi/config",
            "/%2e%2e/api/config", "/static/../api/config", "/static/%2e%2e/api/config", "/login/../api/config",
            "//api/config", "/api//config", "/api/config.", "/api/config/", "/api/config..", "/api/config%00",
            "/API/CONFIG", "/login/", "/login.", "/static/piranha.css/../../api/config", "/nonexistent",
            "/" + "a".repeat(20_000), "/api/config?" + "x".repeat(20_000));

    @BeforeAll
    static void start() throws Exception {
        gui = new RunningGui(dir, Duration.ofMinutes(15));
    }

    @AfterAll
    static void stop() {
        gui.close();
    }

    /**
     * Jetty closes a connection after refusing a request whose body it did not read; a loaded
     * machine lets the client pick that pooled connection for the next request before it sees the
     * close ("header parser received no bytes"). That request is then sent again, on a new
     * connection: the server never got it.
     */
    private HttpResponse<String> sendOnce(HttpRequest request) throws Exception {
        try {
            return send(http, request);
        } catch (java.io.IOException raced) {
            if (!String.valueOf(raced.getMessage()).contains("received no bytes")) {
                throw raced;
            }
            return send(RunningGui.client(), request);
        }
    }

    @Test
    void withoutThePasswordNoMethodAndNoPathGivesAByteOfTheConfiguration() throws Exception {
        for (String method : METHODS) {
            for (String path : PATHS) {
                HttpRequest request = gui.request(path)
                        .method(method, HttpRequest.BodyPublishers.ofString(method.equals("PUT") ? "serial_no = 1\n" : ""))
                        .build();
                String what = method + " " + path.substring(0, Math.min(path.length(), 60));
                HttpResponse<String> response;
                try {
                    response = sendOnce(request);
                } catch (java.io.IOException closed) {
                    // Jetty may close the connection on a request line it will not read at all.
                    assertThat(path.length()).as(what + ": " + closed).isGreaterThan(8192);
                    continue;
                }
                assertThat(response.statusCode()).as(what).isIn(400, 401, 303, 404, 414, 431);
                if (response.statusCode() == 303) {
                    assertThat(response.headers().firstValue("Location")).as(what).hasValue("/login");
                }
                if (response.statusCode() == 404) {
                    assertThat(path).as(what + ": 404 only for what the login page is").startsWith("/login");
                }
                assertThat(response.body()).as(what).doesNotContain(RunningGui.MARKER, "10.6.1.100", "serial_no");
            }
        }
        assertThat(gui.lvsCfText()).isEqualTo(RunningGui.LVS_CF);
    }

    @Test
    void aBrowserAskingForAPageIsSentToTheLoginPageAndAScriptGets401WithBasic() throws Exception {
        HttpResponse<String> page = send(http, gui.request("/control").header("Accept", "text/html").build());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login");

        HttpResponse<String> api = send(http, gui.request("/api/config").build());
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic realm=");
    }

    @Test
    void onlyTheLoginPageAndTheStyleSheetArePublic() throws Exception {
        assertThat(send(http, gui.request("/login").build()).statusCode()).isEqualTo(200);
        HttpResponse<String> css = send(http, gui.request("/static/piranha.css").build());
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).get().asString().startsWith("text/css");
    }

    @Test
    void httpBasicIsAcceptedAndAWrongPasswordIsNot() throws Exception {
        HttpResponse<String> right = send(http, gui.request("/api/config")
                .header("Authorization", RunningGui.basic("piranha", RunningGui.PASSWORD)).build());
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo(RunningGui.LVS_CF);

        for (String[] wrong : new String[][] {{"piranha", "correct hors"}, {"root", RunningGui.PASSWORD}, {"", ""}}) {
            HttpResponse<String> response = send(http, gui.request("/api/config")
                    .header("Authorization", RunningGui.basic(wrong[0], wrong[1])).build());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).doesNotContain(RunningGui.MARKER);
        }
    }

    @Test
    void sessionCookieIsRandomHttpOnlyAndStrictAndEndsAtLogout() throws Exception {
        HttpClient browser = RunningGui.browser();
        HttpResponse<String> login = send(browser, gui.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=piranha&password=correct+horse")).build());
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).matches("piranha_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict");

        HttpResponse<String> control = send(browser, gui.request("/virtual").build());
        assertThat(control.statusCode()).isEqualTo(200);
        assertThat(control.body()).contains(RunningGui.MARKER);
        String csrf = RunningGui.csrfOf(control.body());

        HttpResponse<String> logout = send(browser, gui.request("/logout")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)).build());
        assertThat(logout.statusCode()).isEqualTo(303);
        HttpResponse<String> after = send(browser, gui.request("/virtual").header("Accept", "text/html").build());
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.body()).doesNotContain(RunningGui.MARKER);

        HttpClient other = RunningGui.browser();
        String first = send(other, gui.request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=piranha&password=correct+horse")).build())
                .headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(first).isNotEqualTo(cookie);
    }

    @Test
    void aForeignOriginIsRefusedWith403EvenWithValidCredentials() throws Exception {
        String valid = RunningGui.LVS_CF.replace("serial_no = 7", "serial_no = 99");
        for (String origin : List.of("http://evil.example", "null", gui.base.toString().replace("127.0.0.1", "localhost"))) {
            HttpResponse<String> put = send(http, gui.request("/api/config")
                    .header("Authorization", RunningGui.basic("piranha", RunningGui.PASSWORD))
                    .header("Origin", origin)
                    .PUT(HttpRequest.BodyPublishers.ofString(valid)).build());
            assertThat(put.statusCode()).as(origin).isEqualTo(403);
        }
        HttpResponse<String> crossSite = send(http, gui.request("/api/config")
                .header("Authorization", RunningGui.basic("piranha", RunningGui.PASSWORD))
                .header("Sec-Fetch-Site", "cross-site")
                .PUT(HttpRequest.BodyPublishers.ofString(valid)).build());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(gui.lvsCfText()).isEqualTo(RunningGui.LVS_CF);
    }

    @Test
    void aSessionFormWithoutItsCsrfTokenIsRefused() throws Exception {
        HttpClient browser = RunningGui.browser();
        String csrf = gui.logIn(browser);
        for (String token : List.of("", "wrong", csrf + "x")) {
            HttpResponse<String> post = send(browser, gui.request("/virtual/action")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token + "&do=delete&name=" + RunningGui.MARKER))
                    .build());
            assertThat(post.statusCode()).as(token).isEqualTo(403);
        }
        assertThat(gui.lvsCfText()).isEqualTo(RunningGui.LVS_CF);
    }

    @Test
    void requestBodiesAreLimited() throws Exception {
        HttpResponse<String> put = send(http, gui.request("/api/config")
                .header("Authorization", RunningGui.basic("piranha", RunningGui.PASSWORD))
                .PUT(HttpRequest.BodyPublishers.ofString("#".repeat(2 << 20))).build());
        assertThat(put.statusCode()).isEqualTo(413);
        assertThat(gui.lvsCfText()).isEqualTo(RunningGui.LVS_CF);
    }
}
