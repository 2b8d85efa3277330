package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DaemonLog.start as a daemon calls it, in a real JVM: stdout is a file, and syslog a socket
 * the test binds and names in PIRANHA_SYSLOG_SOCKET. With -n the journal prefix appears only
 * when JOURNAL_STREAM names that very file, as systemd sets it for a service's stdout.
 */
class DaemonLogProcessTest {

    private static final String TIMESTAMP = "[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d";

    @TempDir
    Path dir;

    private long pid;

    /** Runs MiniDaemonMain; "SELF" in an environment value stands for its stdout's DEV:INODE. */
    private String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createFile(dir.resolve("stdout-" + System.nanoTime()));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MiniDaemonMain.class.getName());
        builder.command().addAll(List.of(args));
        builder.redirectOutput(out.toFile());
        builder.environment().remove("JOURNAL_STREAM");
        builder.environment().remove(DaemonLog.SYSLOG_SOCKET_ENV);
        String self = Files.getAttribute(out, "unix:dev") + ":" + Files.getAttribute(out, "unix:ino");
        env.forEach((key, value) -> builder.environment().put(key, value.replace("SELF", self)));
        Process process = builder.start();
        pid = process.pid();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getErrorStream().readAllBytes())).isZero();
        return Files.readString(out).replace("[" + process.pid() + "]", "[PID]");
    }

    @Test
    void nodaemonPlainWithoutJournalStream() throws Exception {
        assertThat(run(Map.of(), "-n")).isEqualTo("lvsd[PID]: starting virtual service web active: 80\n"
                + "lvsd[PID]: second\n"
                + "nanny[4242]: [ active ] making 10.0.0.1:80 available\n");
    }

    @Test
    void nodaemonLevelPrefixWhenStdoutIsTheJournal() throws Exception {
        assertThat(run(Map.of("JOURNAL_STREAM", "SELF"), "-n")).isEqualTo(
                "<6>lvsd[PID]: starting virtual service web active: 80\n"
                + "<4>lvsd[PID]: second\n"
                + "<6>nanny[4242]: [ active ] making 10.0.0.1:80 available\n");
    }

    @Test
    void nodaemonPlainWhenJournalStreamIsInheritedButStdoutRedirected() throws Exception {
        assertThat(run(Map.of("JOURNAL_STREAM", "1:1"), "-n")).startsWith("lvsd[PID]: starting");
    }

    @Test
    void daemonModeLogsToTheSyslogSocket() throws Exception {
        String socket = dir.resolve("log").toString();
        try (BoundDatagramSocket syslog = new BoundDatagramSocket(socket)) {
            assertThat(run(Map.of(DaemonLog.SYSLOG_SOCKET_ENV, socket))).as("stdout").isEmpty();

            assertThat(syslog.receive()).matches("<30>" + TIMESTAMP + " lvsd\\[" + pid + "\\]: starting virtual service web active: 80");
            assertThat(syslog.receive()).matches("<28>" + TIMESTAMP + " lvsd\\[" + pid + "\\]: second");
            assertThat(syslog.receive()).matches("<30>" + TIMESTAMP + " nanny\\[4242\\]: \\[ active \\] making 10.0.0.1:80 available");
        }
    }
}
