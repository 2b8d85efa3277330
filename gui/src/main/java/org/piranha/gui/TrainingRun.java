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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.piranha.gui.auth.PasswordFile;
import org.piranha.gui.auth.PasswordHash;

/**
 * {@code piranha-gui --training-run}: starts the server on a free loopback port with a scratch
 * lvs.cf and password, logs in and asks for every panel and the API once, then stops. piranha-cds
 * runs it under {@code -XX:ArchiveClassesAtExit} so that the class-data archive holds every class
 * a real start and first pages load.
 */
final class TrainingRun {

    private static final String PASSWORD = "training-run";
    private static final String LVS_CF = """
            serial_no = 1
            primary = 10.0.0.1
            service = lvs
            backup_active = 0
            heartbeat = 1
            network = direct

            virtual web {
                active = 1
                address = 10.0.0.100 eth0:1
                port = 80
                scheduler = wlc
                protocol = tcp

                server web1 {
                    address = 10.0.0.11
                    active = 1
                    weight = 1
                }
            }
            """;
    private static final List<String> PAGES = List.of("/control", "/global", "/redundancy", "/virtual",
            "/virtual/edit?name=web", "/virtual/servers?service=web", "/virtual/scripts?name=web");

    private TrainingRun() {}

    static int run() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("piranha-gui-training");
        try {
            Files.writeString(dir.resolve("lvs.cf"), LVS_CF);
            Files.writeString(dir.resolve("passwd"), "piranha:" + PasswordHash.bcrypt(PASSWORD.toCharArray()) + "\n");
            PasswordFile passwords = new PasswordFile(dir.resolve("passwd"));
            passwords.load();
            try (GuiServer server = new GuiServer(new GuiServer.Settings(dir.resolve("lvs.cf"), passwords, "127.0.0.1", 0,
                    null, dir.resolve("status.sock"), Duration.ofMinutes(1))).start()) {
                exercise(URI.create("http://127.0.0.1:" + server.port()));
            }
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void exercise(URI base) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        get(browser, base, "/login");
        browser.send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=piranha&password=" + PASSWORD)).build(),
                HttpResponse.BodyHandlers.discarding());
        for (String page : PAGES) {
            get(browser, base, page);
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString(("piranha:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        browser.send(HttpRequest.newBuilder(base.resolve("/api/config")).header("Authorization", basic).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static void get(HttpClient client, URI base, String path) throws IOException, InterruptedException {
        client.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
