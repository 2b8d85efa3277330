package org.piranha.nanny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Piranha's signals and nanny's exits, on a real nanny process. */
class SignalsTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private LoopbackServer server(LoopbackServer.Handler handler) {
        LoopbackServer s = LoopbackServer.start(handler);
        resources.add(s);
        return s;
    }

    private NannyProcess nanny(int port, String... options) {
        List<String> args = new ArrayList<>(List.of("-c", "-h", "127.0.0.1", "-p", "8080", "-r",
                Integer.toString(port), "-V", "10.0.0.1"));
        args.addAll(List.of(options));
        args.add("--lvs");
        NannyProcess nanny = NannyProcess.start(args.toArray(new String[0]));
        resources.add(nanny);
        return nanny;
    }

    @Test
    void usr1ForcesDownAndHupResumesWithTheCountReset() {
        LoopbackServer server = server(LoopbackServer.ACCEPT);
        // reentry 600 s: only HUP's count reset lets the server back in within the test
        NannyProcess nanny = nanny(server.port(), "-t", "0.1", "-a", "600", "-w", "3");
        nanny.await("up weight=1");
        nanny.signal("USR1");
        int mark = nanny.indexOf("log info opaque glasses on", 0);
        nanny.await("down", mark);

        nanny.signal("HUP");
        int resumed = nanny.indexOf("log info DEBUG -- removing glasses", mark);
        nanny.await("up weight=1", resumed);
    }

    @Test
    void usr2ForcesUpAndFreezesTheChecks() {
        LoopbackServer server = server(LoopbackServer.ACCEPT);
        NannyProcess nanny = nanny(server.port(), "-t", "0.1", "-a", "0", "-w", "5");
        nanny.await("up weight=1");
        server.stop();
        nanny.await("down");
        nanny.signal("USR2");
        int mark = nanny.indexOf("log info rose-colored glasses on", 0);
        nanny.await("up weight=5", mark);

        // Frozen: the server is still down, yet no check withdraws it over ten intervals.
        int before = nanny.reports().size();
        await("no report while frozen").during(Duration.ofSeconds(1)).atMost(NannyProcess.WAIT)
                .until(() -> nanny.reports().size() == before);

        nanny.signal("HUP");
        nanny.await("down", nanny.indexOf("log info DEBUG -- removing glasses", mark));
    }

    @Test
    void termWithdrawsTheServerAndExitsZero() {
        LoopbackServer server = server(LoopbackServer.ACCEPT);
        NannyProcess nanny = nanny(server.port(), "-t", "0.5");
        nanny.await("up weight=1");
        nanny.signal("TERM");
        assertThat(nanny.awaitExit()).isZero();
        List<String> lines = nanny.lines();
        assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly(
                "log info Terminating due to signal 15", "down");
    }

    @Test
    void intExitsZeroAndAServerThatIsNotUpIsNotWithdrawnAgain() {
        LoopbackServer server = server(LoopbackServer.ACCEPT);
        server.stop();
        NannyProcess nanny = nanny(server.port(), "-t", "0.1");
        nanny.await("down");
        nanny.signal("INT");
        assertThat(nanny.awaitExit()).isZero();
        assertThat(nanny.lines()).endsWith("log info Terminating due to signal 2");
        assertThat(nanny.reports()).containsExactly("ready", "down");
    }

    @Test
    void termKillsARunningSendProgram() throws Exception {
        Path pidFile = dir.resolve("pid");
        Path hang = Scripts.write(dir, "hang", "echo $$ > " + pidFile + ".tmp; mv " + pidFile
                + ".tmp " + pidFile + "; exec sleep 60");
        NannyProcess nanny = nanny(8080, "-t", "30", "-e", hang.toString(), "-x", "OK");
        nanny.await("ready");
        long pid = awaitPid(pidFile);
        nanny.signal("TERM");
        assertThat(nanny.awaitExit()).isZero();
        assertThat(nanny.lines()).containsSubsequence("log info Terminating due to signal 15",
                "log info Killing child " + pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void exitsWhenLvsdClosesItsStandardInput() {
        LoopbackServer server = server(LoopbackServer.ACCEPT);
        NannyProcess nanny = nanny(server.port(), "-t", "0.5");
        nanny.await("up weight=1");
        nanny.closeStdin();
        assertThat(nanny.awaitExit()).isZero();
        assertThat(nanny.lines()).containsSubsequence(
                "log info standard input closed (lvsd is gone): exiting", "down");
    }

    private static long awaitPid(Path pidFile) throws IOException {
        await("the send_program's start").atMost(NannyProcess.WAIT).until(() -> Files.exists(pidFile));
        return Long.parseLong(Files.readString(pidFile).trim());
    }
}
