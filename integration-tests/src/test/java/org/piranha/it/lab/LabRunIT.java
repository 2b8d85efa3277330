package org.piranha.it.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Sh;

/**
 * The README's "run it" command, {@code lab/run}, as an operator or CI runs it: it must narrate
 * every step, show each real server answering through the VIP before and after the crash of the
 * active director, exit 0, and leave nothing behind. On this host (no IPVS) it boots the VM by
 * itself, which is why each run gets minutes.
 */
class LabRunIT {

    /** A whole run in the VM under TCG, on a host that other builds may be keeping busy. */
    private static final Duration RUN = Duration.ofMinutes(20);

    private final List<Daemon> started = new ArrayList<>();

    private static Path repository() {
        return Installed.root().getParent().getParent().getParent(); // REPO/packaging/target/root
    }

    private Daemon labRun(String... args) {
        List<String> command = new ArrayList<>(List.of(repository().resolve("lab/run").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repository().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Daemon run = Daemon.start("lab/run " + String.join(" ", args), builder);
        started.add(run);
        return run;
    }

    @AfterEach
    void stopWhatIsLeft() {
        for (Daemon run : started) {
            if (run.process().isAlive()) {
                try {
                    run.stop(Duration.ofSeconds(60)); // TERM: lab/run passes it on to vm/run, which stops the VM
                } finally {
                    run.close();
                }
            }
        }
    }

    private static void assertNothingLeft() {
        assertThat(Sh.ok("ip", "netns", "list").lines()).as("network namespaces").noneMatch(l -> l.startsWith("lab-"));
        assertThat(Sh.ok("ip", "-o", "link").lines()).as("links").noneMatch(l -> l.matches("\\d+: lab-.*"));
    }

    /** Checks the narration of every step; returns the output. */
    private static List<String> assertWholeStory(Daemon run, int servers, String forwarding) {
        int status = run.awaitExit(RUN);
        List<String> out = run.lines();
        String all = String.join("\n", out);
        assertThat(status).as("exit status; it printed:\n" + all).isZero();
        assertThat(out).as(all).noneMatch(l -> l.startsWith("FAILED"))
                .anyMatch(l -> l.startsWith("==> Writing the configuration, the same file for both directors: "))
                .anyMatch(l -> l.startsWith("==> Checking it: pulse --check-config -c "))
                .anyMatch(l -> l.contains("lvs.cf: valid: 1 active virtual service (of 1), " + servers + " active real server"))
                .anyMatch(l -> l.startsWith("==> Starting pulse on the primary director (lb1)"))
                .anyMatch(l -> l.startsWith("==> Starting pulse on the backup director (lb2)"))
                .anyMatch(l -> l.matches(".*lb1 is active: it holds 10\\.6\\.1\\.214.*"))
                .contains("==> The IPVS table of the active director: ip netns exec lab-lb1 ipvsadm -Ln")
                .anyMatch(l -> l.matches(".*TCP  10\\.6\\.1\\.214:80 rr\\s*"))
                .anyMatch(l -> l.startsWith("==> Crashing the active director: kill -9 of pulse on lb1"))
                .anyMatch(l -> l.matches("    \\| pulse\\[\\d+\\]: partner dead: activating lvs"))
                .anyMatch(l -> l.matches("    \\| pulse\\[\\d+\\]: gratuitous lvs arps finished"))
                .contains("==> The IPVS table of the active director: ip netns exec lab-lb2 ipvsadm -Ln")
                .anyMatch(l -> l.matches("==> The client was unanswered for \\d+\\.\\d s after the crash"))
                .anyMatch(l -> l.startsWith("==> Cleaning up"))
                .contains("    Nothing is left: no lab-* namespace, bridge, process or file.")
                .anyMatch(l -> l.matches("==> Done: every step worked \\(in \\d+ s\\)\\."));
        // Both tables, before and after the crash, list every real server with this forwarding.
        assertThat(out.stream().filter(l -> Pattern.matches("    \\|\\s+-> [\\d.]+:80\\s+" + forwarding + "\\s+1\\s.*", l)))
                .as(all).hasSize(2 * servers);
        for (int i = 1; i <= servers; i++) {
            // Answers before and after the takeover: each server at least once in each round.
            String answer = "answered by web" + i;
            assertThat(out.stream().filter(l -> l.endsWith(answer))).as(all).hasSizeGreaterThanOrEqualTo(2);
        }
        return out;
    }

    @Test
    void theReadmeCommand_directRouting_twoServers() {
        assertWholeStory(labRun(), 2, "Route");
        assertNothingLeft();
    }

    @Test
    void nat_threeServers() {
        List<String> out = assertWholeStory(labRun("--nat", "--servers", "3"), 3, "Masq");
        assertThat(out).anyMatch(l -> l.contains("| nat_router = 192.168.10.254 eth1:1"));
        assertNothingLeft();
    }

    /** --keep's piranha-gui port is checked before anything is built (the --keep run itself waits for a user). */
    @Test
    void keep_aGuiPortThatIsNoPortIsRefusedBeforeAnythingStarts() {
        Daemon run = labRun("--keep", "--gui-port", "70000");
        assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(run.lines()).contains("lab/run: --gui-port takes a TCP port, not '70000'");
        assertNothingLeft();
    }

    @Test
    void interruptedMidway_stopsEverythingItStarted() {
        Daemon run = labRun();
        run.awaitLine("==> Starting pulse on the backup director (lb2)", RUN);
        List<ProcessHandle> descendants = run.process().descendants().toList();
        assertThat(descendants).as("vm/run, qemu, ...").isNotEmpty();
        run.signal("INT");
        assertThat(run.awaitExit(Duration.ofSeconds(60))).as("exit status after INT").isNotZero();
        for (ProcessHandle process : descendants) {
            assertThat(process.onExit()).as(process.info().commandLine().orElse("pid " + process.pid()))
                    .succeedsWithin(Duration.ofSeconds(30));
        }
        assertNothingLeft();
    }
}
