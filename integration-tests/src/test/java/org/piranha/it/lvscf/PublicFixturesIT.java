package org.piranha.it.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Sh;

/**
 * The installed {@code pulse --check-config} on the real lvs.cf files from public sources
 * (common-lvscf's fixtures/public, see SOURCES.md there): each file Piranha ran is valid (exit 0),
 * each warning names the file and a line; the two Piranha refused to run exit 1.
 */
class PublicFixturesIT {

    /** The fixtures Piranha did not run (see SOURCES.md); every other one must pass. */
    private static final List<String> REFUSED = List.of("ssocopsacc-piranha-lvs.cf", "ssocopsacc-piranha-lvs.cf_orig.cf");

    static Path directory() {
        String dir = System.getProperty("piranha.fixtures");
        if (dir == null) {
            throw new IllegalStateException("system property piranha.fixtures is not set: run the tests through Maven");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.toString().endsWith(".cf")).sorted().toList().stream();
        }
    }

    private static Sh.Result check(Path file) {
        return Sh.run(Installed.sbin("pulse"), "--check-config", "-c", file.toString());
    }

    @Test
    void thereAreFixtures() throws IOException {
        assertThat(fixtures().map(f -> f.getFileName().toString())).contains("piranha-0.8.6-sample.cf")
                .containsAll(REFUSED).hasSizeGreaterThanOrEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFilePiranhaRanPassesTheCheck(Path file) {
        if (REFUSED.contains(file.getFileName().toString())) {
            return; // checked below
        }
        Sh.Result result = check(file);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith(file + ": valid: ");
        assertThat(result.err().lines()).allSatisfy(line -> assertThat(line).matches(
                "\\Q" + file + "\\E:[1-9][0-9]*: warning: .+"));
    }

    @Test
    void piranhasSampleWarnsAboutEachIgnoredFailoverBlock() {
        Path sample = directory().resolve("piranha-0.8.6-sample.cf");
        Sh.Result result = check(sample);
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(sample + ": valid: 1 active virtual service (of 2), 2 active real servers,"
                + " network nat, primary 207.175.44.150, backup 207.175.44.196, 6 warnings\n");
        assertThat(result.err()).contains(sample + ":195: warning: failover web1 is ignored, as Piranha ignored it"
                + " under service = lvs", sample + ":208: warning: failover ftp is ignored");
    }

    @Test
    void theFilesPiranhaRefusedToRunAreRefusedWithTheReason() {
        for (String name : REFUSED) {
            Path file = directory().resolve(name);
            Sh.Result result = check(file);
            assertThat(result.exitCode()).as(name).isEqualTo(1);
            assertThat(result.err()).contains(file + ":13: no active lvs services defined",
                    file + ": 2 errors: configuration not valid");
        }
    }
}
