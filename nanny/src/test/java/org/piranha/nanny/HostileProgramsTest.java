package org.piranha.nanny;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * send_programs that never exit, flood their output or leave children behind: each run ends by
 * its deadline, and afterwards the process table (pgrep, which nobody here wrote) holds nothing
 * of it. Each script's path carries a marker that is unique to the test, so pgrep -f finds the
 * script and every shell it forked, and nothing of anybody else's.
 */
class HostileProgramsTest {

    private static final long TIMEOUT = TimeUnit.MILLISECONDS.toNanos(1000);
    private static final long MARGIN = TimeUnit.MILLISECONDS.toNanos(1500);

    @TempDir
    Path dir;

    private final String marker = "nanny-hostile-" + UUID.randomUUID();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        new ProcessBuilder("pkill", "-KILL", "-f", marker).start().waitFor();
    }

    private Path script(String body) {
        return Scripts.write(dir, marker, body);
    }

    private static Verdict checkEndsInTime(String... options) throws UsageException {
        List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", "80", "-t", "1",
                "--lvs"));
        args.addAll(List.of(options));
        Check check = Check.of(NannyArgs.parse(args.toArray(new String[0])).config(),
                new ArrayList<>());
        long start = System.nanoTime();
        Verdict verdict = check.run(start + TIMEOUT);
        assertThat(System.nanoTime() - start).as("the check's duration")
                .isLessThan(TIMEOUT + MARGIN);
        return verdict;
    }

    /** The processes whose command line holds the marker, as pgrep -a lists them. */
    private List<String> survivors() throws IOException, InterruptedException {
        Process pgrep = new ProcessBuilder("pgrep", "-a", "-f", marker).start();
        String out = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pgrep.waitFor();
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank() && !line.contains("pgrep")) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void aProgramThatNeverExitsIsKilledWithItsChildren() throws Exception {
        // the loop's sleeps and a child that ignores SIGTERM
        Path hang = script("sh -c 'trap \"\" TERM; while :; do sleep 1; done' " + marker
                + " &\nwhile :; do sleep 1; done");
        Verdict v = checkEndsInTime("-e", hang.toString(), "-x", "OK");
        assertThat(v.reason()).isEqualTo("timeout running the following: " + hang
                + " (it did not finish within the interval and was killed)");
        assertThat(survivors()).isEmpty();
    }

    @Test
    void aProgramThatPrintsAHundredMegabytesIsKilledAtTheDeadline() throws Exception {
        Path flood = script("head -c 104857600 /dev/zero | tr '\\0' 'a'\necho OK");
        Verdict v = checkEndsInTime("-e", flood.toString(), "-x", "OK");
        assertThat(v.available()).isFalse();
        assertThat(v.reason()).startsWith("timeout running the following: ");
        assertThat(survivors()).isEmpty();
    }

    @Test
    void childrenLeftRunningByAProgramThatExitedAreKilled() throws Exception {
        // a child in the background and an orphan (its parent, the subshell, exits at once, so
        // it is re-parented to init and no longer a descendant of the program)
        Path leaver = script("sh -c 'while :; do sleep 1; done' " + marker + " &\n"
                + "( sh -c 'while :; do sleep 1; done' " + marker + " & )\n"
                + "echo OK");
        Verdict v = checkEndsInTime("-e", leaver.toString(), "-x", "OK");
        assertThat(v.available()).as(v.reason()).isTrue();
        assertThat(survivors()).isEmpty();
    }

    @Test
    void theRealNannyLeavesNothingBehindCheckAfterCheck() throws Exception {
        Path runs = dir.resolve("runs");
        Path leaver = script("( sh -c 'while :; do sleep 1; done' " + marker + " & )\n"
                + "echo run >> " + runs + "\necho OK");
        NannyProcess nanny = NannyProcess.start(List.of(), Map.of(), "-c", "-h", "127.0.0.1",
                "-p", "80", "-t", "0.3", "-a", "60", "-e", leaver.toString(), "-x", "OK",
                "--lvs");
        resources.add(nanny);
        nanny.await("up weight=1");
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(runs) && Files.readAllLines(runs).size() >= 5);
        // each check's orphan is gone: at most the script and orphan of the check running now
        assertThat(survivors().size()).isLessThanOrEqualTo(2);
        nanny.closeStdin();
        assertThat(nanny.awaitExit()).isZero();
        assertThat(survivors()).isEmpty();
    }
}
