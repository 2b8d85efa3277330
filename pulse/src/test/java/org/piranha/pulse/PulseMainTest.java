package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** pulse's options, as an old /etc/sysconfig/pulse OPTIONS line may spell them. */
class PulseMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PulseMain main = new PulseMain(print(out), print(err));

    private PulseMain parsed(String... args) {
        new CommandLine(main).parseArgs(args);
        return main;
    }

    @Test
    void lvsAsPiranhasManualSpeltItNamesTheLvsdToRun() {
        assertThat(parsed("--lvs=/opt/piranha/lvsd").lvsdPath()).isEqualTo(Path.of("/opt/piranha/lvsd"));
        assertThat(main.ignoredOptions()).isEmpty();
    }

    @Test
    void lvsTakesItsPathAsTheNextArgumentToo() {
        assertThat(parsed("-n", "--lvs", "/opt/piranha/lvsd").lvsdPath()).isEqualTo(Path.of("/opt/piranha/lvsd"));
    }

    @Test
    void lvsdStillWorksAndWinsOverLvs() {
        assertThat(parsed("--lvs=/b/lvsd", "--lvsd=/a/lvsd").lvsdPath()).isEqualTo(Path.of("/a/lvsd"));
    }

    @Test
    void withoutEitherLvsdIsTheOneBesidePulse() {
        String before = System.getProperty("piranha.sbin");
        System.setProperty("piranha.sbin", "/usr/local/sbin");
        try {
            assertThat(parsed("-n").lvsdPath()).isEqualTo(Path.of("/usr/local/sbin/lvsd"));
        } finally {
            if (before == null) {
                System.clearProperty("piranha.sbin");
            } else {
                System.setProperty("piranha.sbin", before);
            }
        }
    }

    @Test
    void fosIsAcceptedAndIgnoredWithAWarningThatSaysWhy() {
        parsed("--fos=/usr/sbin/fos", "-n");
        assertThat(main.ignoredOptions()).singleElement().asString()
                .contains("--fos=/usr/sbin/fos ignored")
                .contains("FOS mode is not supported")
                .contains("/usr/sbin/fos is not used");
        assertThat(main.lvsdPath().getFileName()).isEqualTo(Path.of("lvsd"));
    }

    @Test
    void anOldOptionsLineWithBothIsNotRefused() {
        int status = new CommandLine(main).setOut(new java.io.PrintWriter(print(out), true))
                .setErr(new java.io.PrintWriter(print(err), true)).execute("--lvs=/x/lvsd", "--fos=/x/fos", "--version");
        assertThat(status).isZero();
        assertThat(text(err)).isEmpty();
        assertThat(text(out)).startsWith("pulse ");
    }

    @Test
    void unknownOptionsAreStillRefusedWithExit2() {
        CommandLine commandLine = new CommandLine(main).setErr(new java.io.PrintWriter(print(err), true));
        assertThat(commandLine.execute("--lvx=/x")).isEqualTo(2);
    }

    @Test
    void helpDoesNotAdvertiseTheCompatibilityOptions() {
        String usage = new CommandLine(main).getUsageMessage();
        assertThat(usage).contains("--lvsd=PATH").doesNotContain("--lvs=").doesNotContain("--fos");
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream sink) {
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkConfigWarnsWhenBirdDoesNotAnswerInMultiActiveMode(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path cf = dir.resolve("lvs.cf");
        java.nio.file.Files.writeString(cf, """
                director_mode = multi_active
                bgp_local_as = 65001
                bgp_peer_as = 65000
                bgp_neighbors = 192.0.2.1
                bird_socket = %s
                network = direct
                virtual www {
                    active = 1
                    address = 10.0.0.100 piranha0
                    server web1 {
                        address = 192.0.2.50
                        active = 1
                    }
                }
                """.formatted(dir.resolve("bird.ctl")));
        assertThat(new CommandLine(main).execute("--check-config", "-c", cf.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("multi_active: AS 65001 to AS 65000 via 192.0.2.1");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(cf + ": warning: BIRD does not answer on bird_socket "
                + dir.resolve("bird.ctl") + ": start bird with a bird.conf that includes /etc/bird/piranha.conf");
        assertThat(PulseMain.isMultiActive(cf)).isTrue();
        assertThat(PulseMain.birdWarnings(dir.resolve("missing.cf"))).isEmpty();
    }
}
