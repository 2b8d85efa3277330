package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.pulse.status.ConfigFingerprint;
import org.piranha.pulse.status.StatusBoard;
import org.piranha.pulse.status.StatusDocument;

/** What pulse's hooks put on the status board. */
class StatusFeedTest {

    @TempDir
    Path dir;

    private static final String CF = "serial_no = 1\nprimary = 10.0.0.1\nservice = lvs\nnetwork = direct\n"
            + "virtual www {\n active = 1\n address = 10.0.0.100 eth0:1\n port = 80\n"
            + " server web1 {\n  address = 10.0.0.21\n  active = 1\n }\n}\n";

    @Test
    void theConfigsSha256IsOfTheBytesParsedNotOfAFileSavedSince() throws Exception {
        Path file = Files.writeString(dir.resolve("lvs.cf"), CF);
        byte[] parsed = LvsConfigLoader.read(file);
        LvsConfig config = LvsConfigLoader.standard().load(file, parsed).requireValid();
        // piranha-gui saves a new lvs.cf between pulse's read and its fingerprint
        Files.writeString(file, CF.replace("serial_no = 1", "serial_no = 2"));

        StatusBoard board = new StatusBoard(1, "test", Instant.now(), System.nanoTime(), false);
        new StatusFeed(board, Clock.systemUTC()).configLoaded(config, file, parsed);

        String sha256 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(
                CF.getBytes(StandardCharsets.UTF_8)));
        assertThat(board.config().orElseThrow().sha256()).isEqualTo(sha256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StatusDocument(board, new ConfigFingerprint()).write(out, Instant.now(), System.nanoTime());
        @SuppressWarnings("unchecked")
        Map<String, Object> cf = (Map<String, Object>) JSON.std.mapFrom(out.toByteArray()).get("config");
        assertThat(cf).containsEntry("sha256", sha256).containsEntry("serial_no", 1)
                .as("the saved file is not the one in force").containsEntry("changed_on_disk", true);
    }
}
