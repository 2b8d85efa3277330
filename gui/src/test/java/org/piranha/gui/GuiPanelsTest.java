package org.piranha.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.gui.RunningGui.send;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.lvscf.LoadResult;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.lvscf.VirtualService;

/** The panels of a running piranha-gui driven as a browser without JavaScript drives them: forms and links. */
class GuiPanelsTest {

    @TempDir
    Path dir;

    RunningGui gui;
    HttpClient browser;
    String csrf;

    @BeforeEach
    void start() throws Exception {
        gui = new RunningGui(dir, Duration.ofMinutes(15));
        browser = RunningGui.browser();
        csrf = gui.logIn(browser);
    }

    @AfterEach
    void stop() {
        gui.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(browser, gui.request(path).build());
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.put("_csrf", csrf);
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(browser, gui.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String revision() throws Exception {
        return org.piranha.gui.config.ConfigFile.of(Files.readAllBytes(gui.lvsCf)).revision();
    }

    /** Posts a panel, expects the review page, confirms it. */
    private void acceptAndConfirm(String path, Map<String, String> form) throws Exception {
        HttpResponse<String> accept = post(path, form);
        assertThat(accept.statusCode()).as(accept.body()).isEqualTo(303);
        assertThat(accept.headers().firstValue("Location")).hasValue("/confirm");
        HttpResponse<String> review = get("/confirm");
        assertThat(review.statusCode()).isEqualTo(200);
        HttpResponse<String> confirm = post("/confirm", Map.of("do", "accept"));
        assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
        assertThat(confirm.body()).contains("written");
    }

    private LvsConfig config() throws Exception {
        LoadResult result = LvsConfigLoader.standard().load(gui.lvsCf);
        assertThat(result.errors()).isEmpty();
        return result.config().orElseThrow();
    }

    private Map<String, String> service(String name, String port) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("revision", revision());
        form.put("old_name", "");
        form.put("name", name);
        form.put("active", "1");
        form.put("address", "10.6.1.110 eth0:2");
        form.put("vip_nmask", "255.255.255.0");
        form.put("port", port);
        form.put("protocol", "tcp");
        form.put("scheduler", "rr");
        form.put("timeout", "0.5");
        form.put("reentry", "15");
        form.put("quiesce_server", "0");
        form.put("load_monitor", "none");
        form.put("sorry_server", "10.6.2.99");
        return form;
    }

    @Test
    void addAVirtualServerWithTwoRealServersAndAMonitoringScript() throws Exception {
        acceptAndConfirm("/virtual/edit", service("shop", "443"));
        for (String[] rs : new String[][] {{"shop1", "10.6.2.21"}, {"shop2", "10.6.2.22"}}) {
            acceptAndConfirm("/virtual/server", Map.of("revision", revision(), "service", "shop", "old_name", "",
                    "name", rs[0], "address", rs[1], "active", "1", "port", "8443", "weight", "2"));
        }
        acceptAndConfirm("/virtual/scripts", Map.of("revision", revision(), "old_name", "shop",
                "send_program", "/usr/local/bin/check %h %p", "send", "", "expect", "OK", "use_regex", "0"));

        VirtualService shop = config().service("shop").orElseThrow();
        assertThat(shop.port()).isEqualTo(443);
        assertThat(shop.scheduler()).isEqualTo("rr");
        assertThat(shop.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(shop.sendProgram()).hasValue("\"/usr/local/bin/check %h %p\"");
        assertThat(shop.expect()).hasValue("\"OK\"");
        assertThat(shop.servers()).extracting(r -> r.name() + " " + r.address().orElseThrow().getHostAddress() + ":" + r.port() + " w" + r.weight())
                .containsExactly("shop1 10.6.2.21:8443 w2", "shop2 10.6.2.22:8443 w2");
        assertThat(config().service(RunningGui.MARKER)).isPresent();
        assertThat(config().globals().serialNo()).isEqualTo(11);
        assertThat(Installed.checkConfig(gui.lvsCf)).as("pulse --check-config").isZero();
    }

    @Test
    void anInvalidPortShowsItsErrorNextToTheFieldAndWritesNothing() throws Exception {
        byte[] before = Files.readAllBytes(gui.lvsCf);

        HttpResponse<String> accept = post("/virtual/edit", service("shop", "99999"));

        assertThat(accept.statusCode()).isEqualTo(422);
        assertThat(accept.body()).containsPattern("id=\"error-port\">[^<]*99999");
        assertThat(accept.body()).contains("value=\"99999\"");
        assertThat(Files.readAllBytes(gui.lvsCf)).isEqualTo(before);
        assertThat(get("/confirm").statusCode()).isEqualTo(404);
    }

    @Test
    void editDeactivateAndDeleteAVirtualServer() throws Exception {
        Map<String, String> edit = service(RunningGui.MARKER, "8080");
        edit.put("old_name", RunningGui.MARKER);
        acceptAndConfirm("/virtual/edit", edit);
        assertThat(config().service(RunningGui.MARKER).orElseThrow().port()).isEqualTo(8080);
        assertThat(config().service(RunningGui.MARKER).orElseThrow().servers()).hasSize(1);

        HttpResponse<String> onlyActive = post("/virtual/action", Map.of("revision", revision(), "do", "toggle", "name", RunningGui.MARKER));
        assertThat(onlyActive.statusCode()).as("lvs.cf needs an active service").isEqualTo(422);
        assertThat(onlyActive.body()).contains("no active");
        Map<String, String> shop = service("shop", "443");
        shop.put("address", "10.6.1.111 eth0:3");
        acceptAndConfirm("/virtual/edit", shop);

        HttpResponse<String> toggle = post("/virtual/action", Map.of("revision", revision(), "do", "toggle", "name", RunningGui.MARKER));
        assertThat(toggle.statusCode()).isEqualTo(303);
        HttpResponse<String> review = get("/confirm");
        assertThat(review.body()).contains("is deactivated");
        post("/confirm", Map.of("do", "accept"));
        assertThat(config().service(RunningGui.MARKER).orElseThrow().active()).isFalse();

        post("/virtual/action", Map.of("revision", revision(), "do", "delete", "name", RunningGui.MARKER));
        assertThat(get("/confirm").body()).contains("is removed");
        post("/confirm", Map.of("do", "accept"));
        assertThat(config().services()).extracting(VirtualService::name).containsExactly("shop");
    }

    @Test
    void aStaleFormIsRefusedAndAHandEditIsNoticed() throws Exception {
        Map<String, String> form = service("shop", "443");
        Files.writeString(gui.lvsCf, RunningGui.LVS_CF + "# hand edit\n");

        HttpResponse<String> accept = post("/virtual/edit", form);

        assertThat(accept.statusCode()).isEqualTo(409);
        assertThat(accept.body()).contains("lvs.cf was changed");
        assertThat(gui.lvsCfText()).endsWith("# hand edit\n");

        get("/virtual");
        Files.writeString(gui.lvsCf, RunningGui.LVS_CF + "# another hand edit\n");
        assertThat(get("/virtual").body()).contains("changed outside this session");
    }

    @Test
    void aConfirmationBasedOnAnOldFileIsRefused() throws Exception {
        assertThat(post("/virtual/edit", service("shop", "443")).statusCode()).isEqualTo(303);
        Files.writeString(gui.lvsCf, RunningGui.LVS_CF + "# hand edit\n");

        HttpResponse<String> confirm = post("/confirm", Map.of("do", "accept"));

        assertThat(confirm.statusCode()).isEqualTo(409);
        assertThat(gui.lvsCfText()).endsWith("# hand edit\n");
    }

    @Test
    void redundancyResetOffersPiranhasDefaultsAndGlobalsKeepWhatIsNotShown() throws Exception {
        HttpResponse<String> reset = post("/redundancy", Map.of("revision", revision(), "do", "reset",
                "backup_active", "1", "backup", "10.6.1.202", "keepalive", "1", "deadtime", "3", "heartbeat_port", "600"));
        assertThat(reset.body()).contains("name=\"keepalive\" value=\"6\"", "name=\"deadtime\" value=\"18\"",
                "name=\"heartbeat_port\" value=\"539\"");

        acceptAndConfirm("/redundancy", Map.of("revision", revision(), "backup_active", "1", "backup", "10.6.1.202",
                "keepalive", "0.5", "deadtime", "2.5", "heartbeat_port", "539", "hot_standby", "1"));
        LvsConfig config = config();
        assertThat(config.globals().keepalive()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.globals().heartbeat()).isTrue();
        assertThat(config.service(RunningGui.MARKER).orElseThrow().send()).hasValue("\"GET / HTTP/1.0\\r\\n\\r\\n\"");
    }

    @Test
    void everythingTypedIsShownAsText() throws Exception {
        String hostile = RunningGui.LVS_CF.replace("virtual " + RunningGui.MARKER, "virtual <script>alert(1)</script>")
                .replace("expect = \"HTTP\"", "expect = \"<b>x</b>\"");
        Files.writeString(gui.lvsCf, hostile);
        assertThat(LvsConfigLoader.standard().load(gui.lvsCf).isValid()).isTrue();

        String page = get("/virtual").body();
        assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        String scripts = get("/virtual/scripts?name=" + URLEncoder.encode("<script>alert(1)</script>", StandardCharsets.UTF_8)).body();
        assertThat(scripts).doesNotContain("<script>", "<b>x").contains("value=\"&lt;b>x&lt;/b>\"");
    }

    @Test
    void aPanelSaveKeepsTheFailoverBlocksPiranhaIgnoredUnderLvs() throws Exception {
        Files.writeString(gui.lvsCf, RunningGui.LVS_CF + """

                failover web1 {
                    active = 0
                    address = 10.6.1.120 eth0:5
                    port = 80
                    start_cmd = "/etc/rc.d/init.d/httpd start"
                    stop_cmd = "/etc/rc.d/init.d/httpd stop"
                }
                """);
        get("/virtual");

        acceptAndConfirm("/virtual/edit", service("shop", "443"));

        LvsConfig config = config();
        assertThat(config.service("shop")).isPresent();
        assertThat(config.failoverServices()).extracting(VirtualService::name).containsExactly("web1");
        assertThat(gui.lvsCfText()).contains("start_cmd = \"/etc/rc.d/init.d/httpd start\"");
    }

    @Test
    void renamingAVirtualServerKeepsItsFosKeys() throws Exception {
        Files.writeString(gui.lvsCf, RunningGui.LVS_CF.replace("    quiesce_server = 0\n",
                "    quiesce_server = 0\n    start_cmd = \"/etc/init.d/httpd start\"\n"));
        get("/virtual");
        Map<String, String> rename = service("renamed", "80");
        rename.put("old_name", RunningGui.MARKER);
        rename.put("address", "10.6.1.100 eth0:1");

        acceptAndConfirm("/virtual/edit", rename);

        assertThat(config().service("renamed")).isPresent();
        assertThat(gui.lvsCfText()).contains("start_cmd = \"/etc/init.d/httpd start\"");
    }
}
