package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** heartbeat_key_file: its format and permissions, and pulse --check-config's errors about it. */
class HeartbeatKeysTest {

    static final String KEY1 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final String KEY2 = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    private Path keyFile(String text, String mode) throws IOException {
        Path file = dir.resolve("heartbeat.key");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void oneOrTwoKeysOf64HexDigits_theFirstFirst() throws Exception {
        HeartbeatKeys keys = HeartbeatKeys.read(keyFile(KEY1 + "\n" + KEY2.toUpperCase() + "\n", "rw-------"));
        assertThat(keys.keys()).hasSize(2);
        assertThat(HexFormat.of().formatHex(keys.keys().get(0))).isEqualTo(KEY1);
        assertThat(HexFormat.of().formatHex(keys.keys().get(1))).isEqualTo(KEY2);
        assertThat(HeartbeatKeys.read(keyFile("# rotated 2026-12-06\n\n" + KEY1 + "\n", "r--------")).keys()).hasSize(1);
    }

    @Test
    void shortNotHexTooManyOrNoKeysAreRefusedNamingFileAndLine() throws IOException {
        Path file = keyFile(KEY1.substring(2) + "\n", "rw-------");
        assertThatThrownBy(() -> HeartbeatKeys.read(file)).hasMessage("heartbeat_key_file " + file
                + " line 1: a key is 64 hex digits, not 62 (make one with: openssl rand -hex 32)");
        Path notHex = keyFile(KEY1 + "\n" + KEY1.replace('a', 'g') + "\n", "rw-------");
        assertThatThrownBy(() -> HeartbeatKeys.read(notHex)).hasMessageStartingWith("heartbeat_key_file " + notHex
                + " line 2: a key is 64 hex digits (0-9, a-f), and this line has others");
        Path three = keyFile(KEY1 + "\n" + KEY2 + "\n" + KEY1 + "\n", "rw-------");
        assertThatThrownBy(() -> HeartbeatKeys.read(three)).hasMessageContaining("holds 3 keys: at most 2");
        Path none = keyFile("\n# nothing\n", "rw-------");
        assertThatThrownBy(() -> HeartbeatKeys.read(none)).hasMessageContaining("holds no key");
    }

    @Test
    void aSymbolicLinkOwnedByRootIsFollowedAndItsTargetChecked() throws Exception {
        Path key = keyFile(KEY1 + "\n", "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("current.key"), key);
        assertThat(HeartbeatKeys.read(link).keys()).hasSize(1);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> HeartbeatKeys.read(link)).hasMessage("heartbeat_key_file " + link + " (" + key
                + ") is readable or writable by group or others: chmod 600 " + key
                + " (and make a new key: the old one may be known)");
    }

    @Test
    void aSymbolicLinkSomeoneElseOwnsIsRefusedSayingSo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can give a link to another user");
        Path key = keyFile(KEY1 + "\n", "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("current.key"), key);
        java.nio.file.attribute.UserPrincipal nobody = link.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody");
        Files.getFileAttributeView(link, java.nio.file.attribute.PosixFileAttributeView.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).setOwner(nobody);
        assertThatThrownBy(() -> HeartbeatKeys.read(link)).hasMessage("heartbeat_key_file " + link
                + " is a symbolic link owned by nobody: only a link owned by root is followed, since its owner can"
                + " point it at another key (chown -h root " + link + ", or name the key file itself)");
    }

    @Test
    void aFileGroupOrOthersCanReadIsRefused() throws IOException {
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----"}) {
            Path file = keyFile(KEY1 + "\n", mode);
            assertThatThrownBy(() -> HeartbeatKeys.read(file)).as(mode).hasMessage("heartbeat_key_file " + file
                    + " is readable or writable by group or others: chmod 600 " + file
                    + " (and make a new key: the old one may be known)");
        }
    }

    @Test
    void checkConfigNamesTheMissingKeyFileAtItsLine() throws IOException {
        Path missing = dir.resolve("absent.key");
        Path config = dir.resolve("lvs.cf");
        Files.writeString(config, "primary = 10.0.0.1\nnetwork = direct\nheartbeat_auth = hmac-sha256\n"
                + "heartbeat_key_file = " + missing + "\nvirtual www {\nactive = 1\naddress = 10.0.0.100 eth0:1\n}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ConfigCheck(Cf.LOADER).check(config, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(ConfigCheck.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(config + ":4: heartbeat_key_file " + missing
                + ": no such file (create it with: umask 077; openssl rand -hex 32 > " + missing + ")");
    }

    @Test
    void lvsdsLoadLeavesTheKeyFileToPulse() throws IOException {
        Path config = dir.resolve("lvs.cf");
        Files.writeString(config, "primary = 10.0.0.1\nnetwork = direct\nheartbeat_auth = hmac-sha256\n"
                + "heartbeat_key_file = " + dir.resolve("absent.key")
                + "\nvirtual www {\nactive = 1\naddress = 10.0.0.100 eth0:1\n}\n");

        assertThat(Cf.LOADER.loadSkippingKeyFile(config).isValid()).as("lvsd starts and reloads").isTrue();
        assertThat(Cf.LOADER.load(config).isValid()).as("pulse and --check-config refuse it").isFalse();
    }

    @Test
    void checkConfigAcceptsAGoodKeyFile_andIgnoresTheFileWithoutAuth() throws IOException {
        Path key = keyFile(KEY1 + "\n", "rw-------");
        Path config = dir.resolve("lvs.cf");
        String body = "primary = 10.0.0.1\nnetwork = direct\nvirtual www {\nactive = 1\naddress = 10.0.0.100 eth0:1\n}\n";
        Files.writeString(config, "heartbeat_auth = hmac-sha256\nheartbeat_key_file = " + key + "\n" + body);
        assertThat(new ConfigCheck(Cf.LOADER).check(config, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(ConfigCheck.VALID);
        Files.writeString(config, "heartbeat_key_file = " + dir.resolve("absent") + "\n" + body);
        assertThat(new ConfigCheck(Cf.LOADER).check(config, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(ConfigCheck.VALID);
    }

    @Test
    void aRelativeKeyFileIsAnError() {
        LoadResult result = Cf.LOADER.load("lvs.cf", "primary = 10.0.0.1\nnetwork = direct\nheartbeat_auth = hmac-sha256\n"
                + "heartbeat_key_file = hb.key\nvirtual www {\nactive = 1\naddress = 10.0.0.100 eth0:1\n}\n");
        assertThat(result.errors()).extracting(Diagnostic::toString)
                .containsExactly("lvs.cf:4: heartbeat_key_file must be an absolute path, not \"hb.key\"");
    }

    @Test
    void theWriterWritesTheKeysOnlyWhenNotDefault() {
        GlobalSettings g = GlobalSettings.builder().primary(Cf.ip("10.0.0.1")).build();
        String plain = LvsConfigWriter.write(LvsConfig.of(g));
        assertThat(plain).doesNotContain("heartbeat_auth").doesNotContain("heartbeat_key_file");
        String auth = LvsConfigWriter.write(LvsConfig.of(g.toBuilder().heartbeatAuth(HeartbeatAuth.HMAC_SHA256)
                .heartbeatKeyFile("/etc/ha/k").build()));
        assertThat(auth).contains("heartbeat_auth = hmac-sha256\n").contains("heartbeat_key_file = /etc/ha/k\n");
    }
}
