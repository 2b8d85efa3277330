package org.piranha.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.piranha.gui.RunningGui.send;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.gui.partner.Partner;

/** "Apply to the partner too": two real piranha-gui servers on loopback, the first sending to the second. */
class GuiPartnerTest {

    @TempDir
    Path primaryDir;

    @TempDir
    Path backupDir;

    RunningGui backup;
    RunningGui primary;
    final HttpClient http = RunningGui.client();

    @AfterEach
    void stop() {
        if (primary != null) {
            primary.close();
        }
        if (backup != null) {
            backup.close();
        }
    }

    private void startPair(String partnerPassword) throws IOException {
        backup = new RunningGui(backupDir, Duration.ofMinutes(15));
        Path credentials = primaryDir.resolve("partner.passwd");
        Files.writeString(credentials, partnerPassword + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        primary = new RunningGui(primaryDir, Duration.ofMinutes(15), Partner.of(backup.base.toString(), credentials));
    }

    private HttpResponse<String> put(RunningGui gui, String query, String text) throws Exception {
        return send(http, gui.request("/api/config" + query)
                .header("Authorization", RunningGui.basic("piranha", RunningGui.PASSWORD))
                .PUT(HttpRequest.BodyPublishers.ofString(text)).build());
    }

    private String control(RunningGui gui) throws Exception {
        HttpClient browser = RunningGui.browser();
        gui.logIn(browser);
        return send(browser, gui.request("/control").build()).body();
    }

    @Test
    void anAcceptedFileReachesThePartnerWhichWritesItTheSameWay() throws Exception {
        startPair(RunningGui.PASSWORD);
        String next = RunningGui.LVS_CF.replace("serial_no = 7", "serial_no = 8").replace("weight = 1", "weight = 5");

        HttpResponse<String> put = put(primary, "?partner=send", next);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("X-Piranha-Partner")).contains("sent");
        assertThat(primary.lvsCfText()).isEqualTo(next);
        assertThat(backup.lvsCfText()).isEqualTo(next);
        assertThat(Files.readString(backupDir.resolve("lvs.cf.bak"))).isEqualTo(RunningGui.LVS_CF);
        assertThat(control(primary)).contains("runs the same lvs.cf");
    }

    @Test
    void theMonitoringPageSaysWhenThePartnersFileDiffers() throws Exception {
        startPair(RunningGui.PASSWORD);
        put(primary, "", RunningGui.LVS_CF.replace("serial_no = 7", "serial_no = 9"));

        assertThat(control(primary)).contains("has another lvs.cf").doesNotContain("runs the same lvs.cf");
    }

    @Test
    void aWrongPartnerPasswordIsAClearErrorTheLocalFileIsWrittenAndThePartnerUnchanged() throws Exception {
        startPair("not the partner's password");
        byte[] partnerBefore = Files.readAllBytes(backup.lvsCf);
        String next = RunningGui.LVS_CF.replace("serial_no = 7", "serial_no = 8");

        HttpResponse<String> put = put(primary, "?partner=send", next);

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.headers().firstValue("X-Piranha-Partner")).contains("failed");
        assertThat(put.body()).contains("the partner refused the password in " + primaryDir.resolve("partner.passwd"));
        assertThat(primary.lvsCfText()).isEqualTo(next);
        assertThat(Files.readAllBytes(backup.lvsCf)).isEqualTo(partnerBefore);
        assertThat(control(primary)).contains("The partner's lvs.cf is unknown:", "refused the password");
    }

    @Test
    void anInvalidFileIsRefusedHereAndNeverSent() throws Exception {
        startPair(RunningGui.PASSWORD);
        byte[] localBefore = Files.readAllBytes(primary.lvsCf);
        byte[] partnerBefore = Files.readAllBytes(backup.lvsCf);

        HttpResponse<String> put = put(primary, "?partner=send", RunningGui.LVS_CF.replace("port = 80", "port = 99999"));

        assertThat(put.statusCode()).isEqualTo(422);
        assertThat(put.headers().firstValue("X-Piranha-Partner")).isEmpty();
        assertThat(Files.readAllBytes(primary.lvsCf)).isEqualTo(localBefore);
        assertThat(Files.readAllBytes(backup.lvsCf)).isEqualTo(partnerBefore);
        assertThat(backupDir.resolve("lvs.cf.bak")).doesNotExist();
    }

    @Test
    void theSendButtonSendsThisRoutersFile() throws Exception {
        startPair(RunningGui.PASSWORD);
        HttpClient browser = RunningGui.browser();
        String csrf = primary.logIn(browser);
        HttpResponse<String> send = send(browser, primary.request("/partner/send")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", primary.base.toString())
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)).build());

        assertThat(send.statusCode()).as(send.body()).isEqualTo(200);
        assertThat(send.body()).contains("Sent to the partner");
        assertThat(backup.lvsCfText()).isEqualTo(primary.lvsCfText());
    }

    @Test
    void overHttpsThePartnersOwnCertificateIsTrustedWithPartnerCaAndNothingElse() throws Exception {
        Path cert = backupDir.resolve("gui.crt");
        Path key = backupDir.resolve("gui.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(openssl.waitFor()).isZero();
        Files.writeString(backupDir.resolve("lvs.cf"), RunningGui.LVS_CF);
        Files.writeString(backupDir.resolve("piranha.passwd"), "piranha:"
                + org.piranha.gui.auth.PasswordHash.bcrypt(RunningGui.PASSWORD.toCharArray()) + "\n");
        org.piranha.gui.auth.PasswordFile passwords = new org.piranha.gui.auth.PasswordFile(backupDir.resolve("piranha.passwd"));
        passwords.load();
        Path credentials = primaryDir.resolve("partner.passwd");
        Files.writeString(credentials, RunningGui.PASSWORD + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        try (GuiServer https = new GuiServer(new GuiServer.Settings(backupDir.resolve("lvs.cf"), passwords, "127.0.0.1", 0,
                Tls.keyStore(cert, key), backupDir.resolve("none.sock"), Duration.ofMinutes(1))).start()) {
            String url = "https://127.0.0.1:" + https.port();
            String next = RunningGui.LVS_CF.replace("serial_no = 7", "serial_no = 8");

            Partner.Outcome untrusted = Partner.of(url, credentials).send(next);
            assertThat(untrusted.ok()).isFalse();
            assertThat(untrusted.error()).contains("its certificate is not trusted (--partner-ca PEM");
            assertThat(Files.readString(backupDir.resolve("lvs.cf"))).isEqualTo(RunningGui.LVS_CF);

            Partner.Outcome sent = Partner.of(url, credentials, cert).send(next);
            assertThat(sent.ok()).as(sent.error()).isTrue();
            assertThat(Files.readString(backupDir.resolve("lvs.cf"))).isEqualTo(next);
        }
    }

    @Test
    void aCredentialsFileOthersCanReadIsRefused() throws Exception {
        Path credentials = primaryDir.resolve("partner.passwd");
        Files.writeString(credentials, "secret\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> Partner.of("http://127.0.0.1:3636", credentials))
                .hasMessage(credentials + " is readable by others than its owner: chmod 600 " + credentials);
    }
}
