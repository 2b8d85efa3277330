package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pulse --check-config: exit codes, the summary on stdout, diagnostics on stderr. */
class ConfigCheckTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(Path file) {
        return new ConfigCheck(Cf.LOADER).check(file, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String text) throws IOException {
        Path file = dir.resolve("lvs.cf");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theShippedExampleIsValid() {
        int status = ConfigCheck.run(Examples.SHIPPED, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(ConfigCheck.VALID).isZero();
        assertThat(out()).isEqualTo(Examples.SHIPPED + ": valid: 1 active virtual service (of 1), 2 active real servers,"
                + " network direct, primary 10.6.1.201, backup 10.6.1.202\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void validWithWarningsExitsZeroAndPrintsTheWarningsOnStderr() throws IOException {
        Path file = file("primary = 10.0.0.1\nnetwork = nat\nvirtual www {\nactive = 1\naddress = 10.0.0.100 eth0:1\n"
                + "timeout = 10\nreentry = 5\nserver a {\naddress = 10.0.1.1\nactive = 1\n}\nserver b {\n"
                + "address = 10.0.1.2\n}\n}\nvirtual off {\n}\n");
        assertThat(check(file)).isZero();
        assertThat(out()).isEqualTo(file + ": valid: 1 active virtual service (of 2), 1 active real server,"
                + " network nat, primary 10.0.0.1, no backup, 2 warnings\n");
        assertThat(err()).isEqualTo(file + ":2: warning: network = nat without nat_router: no gateway address moves with"
                + " the active router, so the real servers' replies need another route back\n"
                + file + ":7: warning: reentry (5) is shorter than timeout (10) in virtual www: a failed server comes"
                + " back after its first successful check\n");
    }

    @Test
    void invalidExitsOneWithEveryErrorOnStderr() throws IOException {
        Path file = file("primary = 10.0.0.1\nnetwork direct\nvirtual www {\nscheduller = rr\n}\n");
        assertThat(check(file)).isEqualTo(ConfigCheck.INVALID).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo(file + ":2: equal (=) expected after command \"network\"\n"
                + file + ":4: unknown command \"scheduller\" in a virtual block (did you mean \"scheduler\"?)\n"
                + file + ": 2 errors: configuration not valid\n");
    }

    @Test
    void semanticErrorsAlsoExitOne() throws IOException {
        Path file = file("primary = 10.0.0.1\nnetwork = direct\nvirtual www {\nactive = 0\n}\n");
        assertThat(check(file)).isEqualTo(1);
        assertThat(err()).isEqualTo(file + ":3: no active lvs services defined: set \"active = 1\" in at least one"
                + " virtual block\n" + file + ": 1 error: configuration not valid\n");
    }

    @Test
    void anEmptyFileIsInvalid() throws IOException {
        Path file = file("");
        assertThat(check(file)).isEqualTo(1);
        assertThat(err()).startsWith(file + ":1: Empty configuration\n");
    }

    @Test
    void aMissingFileExitsTwo() {
        Path missing = dir.resolve("absent.cf");
        assertThat(check(missing)).isEqualTo(ConfigCheck.UNREADABLE).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo(missing + ": I/O error while reading configuration: no such file\n");
    }

    @Test
    void aDirectoryExitsTwo() {
        assertThat(check(dir)).isEqualTo(2);
        assertThat(err()).startsWith(dir + ": I/O error while reading configuration: ");
    }

    @Test
    void theFileNameIsPrintedAsGiven() throws IOException {
        file(Cf.MINIMAL);
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("lvs.cf"));
        assertThat(check(relative)).isZero();
        assertThat(out()).startsWith(relative + ": valid: ");
    }
}
