package org.piranha.nanny;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real nanny process checking real servers on loopback; its protocol lines are the result. */
class MonitoringTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private NannyProcess nanny(int port, String... options) {
        return nanny(List.of(), Map.of(), port, options);
    }

    private NannyProcess nanny(List<String> jvm, Map<String, String> env, int port,
            String... options) {
        List<String> args = new ArrayList<>(List.of("-c", "-h", "127.0.0.1", "-p", "8080", "-r",
                Integer.toString(port), "-V", "10.6.1.214", "-M", "g", "-I", "/sbin/ipvsadm"));
        args.addAll(List.of(options));
        args.add("--lvs");
        return keep(NannyProcess.start(jvm, env, args.toArray(new String[0])));
    }

    @Test
    void upAtStartWithPiranhasLogLines() {
        LoopbackServer server = keep(LoopbackServer.start(LoopbackServer.ACCEPT));
        NannyProcess nanny = nanny(server.port(), "-t", "0.2", "-a", "60", "-w", "1");
        nanny.await("up weight=1");
        String rs = "127.0.0.1:" + server.port();
        assertThat(nanny.lines()).startsWith(
                "ready",
                "log info starting LVS client monitor for 10.6.1.214:8080 -> " + rs,
                "log info [ active ] making " + rs + " available",
                "up weight=1");
    }

    @Test
    void downWhenTheServerStopsAndBackOnlyAfterReentry() {
        LoopbackServer server = keep(LoopbackServer.start(LoopbackServer.ACCEPT));
        String rs = "127.0.0.1:" + server.port();
        NannyProcess nanny = nanny(server.port(), "-t", "0.2", "-a", "2");
        nanny.await("up weight=1");
        int mark = nanny.lineCount();
        server.stop();
        nanny.await("down", mark);
        List<String> after = nanny.lines().subList(mark, nanny.lineCount());
        assertThat(after).containsSubsequence(
                "log warning CONNECT to " + rs + " failed: Connection refused (is the service"
                        + " running on the real server?)",
                "log warning [inactive] shutting down " + rs + " due to connection failure",
                "down");

        mark = nanny.lineCount();
        long restarted = System.nanoTime();
        server.restart();
        nanny.await("up weight=1", mark);
        // reentry 2 s / interval 0.2 s = 10 passed checks, started 0.2 s apart, before the
        // 11th admits the server
        assertThat(System.nanoTime() - restarted).isGreaterThanOrEqualTo(
                TimeUnit.MILLISECONDS.toNanos(1900));
        assertThat(nanny.lines().subList(mark, nanny.lineCount()))
                .contains("log info [ active ] making " + rs + " available");
    }

    @Test
    void everyCheckIsReportedWithItsResultAndDuration() {
        LoopbackServer server = keep(LoopbackServer.start(LoopbackServer.ACCEPT));
        // the server accepts and never replies: with an expect string each check fails at its deadline (0.3 s)
        NannyProcess nanny = nanny(server.port(), "-t", "0.3", "-a", "0", "-s", "HELO\\n", "-x", "250");
        String failed = nanny.awaitCheck(0, l -> l.startsWith("checked failed "), "a failed check");
        assertThat(failed).matches("checked failed us=[0-9]+");
        assertThat(Long.parseLong(failed.substring("checked failed us=".length())))
                .as("a check that ran until its deadline").isGreaterThanOrEqualTo(290_000);
        NannyProcess open = nanny(server.port(), "-t", "0.2", "-a", "0");
        open.await("up weight=1");
        String ok = open.awaitCheck(0, l -> l.startsWith("checked ok "), "a passed check");
        assertThat(ok).matches("checked ok us=[0-9]+");
        int mark = open.checks().size();
        server.stop();
        open.await("down");
        open.awaitCheck(mark, l -> l.startsWith("checked failed us="), "the failed check after the stop");
        assertThat(open.checks()).allMatch(l -> l.matches("checked (ok|failed) us=[0-9]+"));
    }

    @Test
    void quiesceInsteadOfDown() {
        LoopbackServer server = keep(LoopbackServer.start(LoopbackServer.ACCEPT));
        NannyProcess nanny = nanny(server.port(), "-t", "0.1", "-a", "0", "-q", "-w", "4");
        nanny.await("up weight=1");
        int mark = nanny.lineCount();
        server.stop();
        nanny.await("quiesce", mark);
        server.restart();
        nanny.await("up weight=1", mark);
        assertThat(nanny.reports()).doesNotContain("down");
    }

    @Test
    void aServerDownAtStartIsReportedDownAndWaitsForReentry() {
        LoopbackServer server = keep(LoopbackServer.start(LoopbackServer.ACCEPT));
        server.stop();
        String rs = "127.0.0.1:" + server.port();
        NannyProcess nanny = nanny(server.port(), "-t", "0.1", "-a", "0.5", "-q");
        nanny.await("down");
        assertThat(nanny.lines()).contains("log warning " + rs + " is not available at start; it"
                + " is added once it has passed its checks for 0.5 s (reentry)");
        server.restart();
        nanny.await("up weight=1");
        assertThat(nanny.reports()).containsExactly("ready", "down", "up weight=1");
    }

    @Test
    void aBadRegexIsLoggedAndEveryCheckFails() {
        LoopbackServer server = keep(LoopbackServer.start(LoopbackServer.replying("OK\n", false)));
        NannyProcess nanny = nanny(server.port(), "-t", "0.1", "-x", "(OK", "--regex");
        nanny.await("down");
        assertThat(nanny.lines()).anyMatch(l -> l.startsWith("log err Error '")
                && l.endsWith("' processing expected regular expression"));
    }

    @Test
    void slowStartDoublesTheWeightUpToTheConfiguredOne() {
        LoopbackServer server = keep(LoopbackServer.start(LoopbackServer.ACCEPT));
        NannyProcess nanny = nanny(List.of("-D" + NannyMain.WEIGHT_PERIOD_PROPERTY + "=0"),
                Map.of(), server.port(), "-t", "0.2", "-w", "64", "-v");
        nanny.await("up weight=64");
        assertThat(nanny.reports()).containsExactly("ready", "up weight=2", "up weight=4",
                "up weight=8", "up weight=16", "up weight=32", "up weight=64");
        assertThat(nanny.lines()).contains("log info Adjusting weight of 127.0.0.1:"
                + server.port() + " to 4");
    }

    @Test
    void sendProgramAndTheWebDefaultThroughTheProcess() throws Exception {
        LoopbackServer web = keep(LoopbackServer.start(LoopbackServer.replying(
                "HTTP/1.1 200 OK\r\n\r\n", true)));
        NannyProcess nanny = keep(NannyProcess.start("-c", "-h", "127.0.0.1", "-p", "80", "-r",
                Integer.toString(web.port()), "-t", "0.2", "-V", "10.0.0.1", "--lvs"));
        nanny.await("up weight=1");
        assertThat(nanny.lines()).contains(
                "log info no monitor configured, assuming web service on port 80");

        Path script = Scripts.write(dir, "check", "echo \"up $1\"");
        NannyProcess external = nanny(8080, "-t", "0.2", "-e", script + " %h:%p", "-s", "x",
                "-x", "up 127.0.0.1:8080");
        external.await("up weight=1");
        assertThat(external.lines()).contains("log info External program use requested: ("
                + script + " %h:%p), IGNORING send string option (x)");
    }

    @Test
    void loadMonitoringMovesTheWeightWithTheServersLoad() throws Exception {
        LoopbackServer server = keep(LoopbackServer.start(LoopbackServer.ACCEPT));
        Path load = dir.resolve("load");
        Path calls = dir.resolve("calls");
        Files.writeString(load, "0.00");
        // A fake rsh on PATH, printing what uptime prints on the real server.
        Scripts.write(dir, "rsh", "echo \"$@\" >> " + calls + "\n"
                + "echo \" 10:00:00 up 12 days,  3:04,  2 users,  load average: $(cat " + load
                + "), 0.10, 0.05\"");
        NannyProcess nanny = nanny(List.of("-D" + NannyMain.WEIGHT_PERIOD_PROPERTY + "=0"),
                Map.of("PATH", dir + ":" + System.getenv("PATH")), server.port(),
                "-t", "0.2", "-w", "8", "-U", "rsh", "-v");
        nanny.await("up weight=80");
        assertThat(nanny.reports()).containsSubsequence("up weight=1", "up weight=2",
                "up weight=4", "up weight=8", "up weight=12", "up weight=16", "up weight=76",
                "up weight=80");
        assertThat(Files.readAllLines(calls)).first().isEqualTo("127.0.0.1 uptime");
        assertThat(nanny.lines()).contains("log info Loadavg of 127.0.0.1 is 0.000000",
                "log info Computing new weight 12 based on last weight 8 and load 0.000000");

        int mark = nanny.lineCount();
        Files.writeString(load, "9.00");
        nanny.await("up weight=72", mark);
        nanny.await("up weight=8", mark);

        mark = nanny.lineCount();
        Files.writeString(load, "oops");
        nanny.awaitAfter(mark, l -> l.startsWith("log warning bad load average returned: "),
                "a bad load average warning");
        assertThat(nanny.lines()).anyMatch(l -> l.endsWith("; the weight of 127.0.0.1:"
                + server.port() + " stays 8"));
    }
}
