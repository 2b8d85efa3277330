package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** slf4j -> logback -> syslog datagrams, received on a socket the test binds in place of /dev/log. */
class SyslogLoggingTest {

    private static final String TIMESTAMP = "[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d";
    private static final long PID = ProcessHandle.current().pid();

    private final Logger log = LoggerFactory.getLogger(SyslogLoggingTest.class);
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private Path socketPath;
    private BoundDatagramSocket syslog;

    @BeforeEach
    void bindFakeSyslog() {
        socketPath = dir.resolve("log");
        syslog = new BoundDatagramSocket(socketPath.toString());
    }

    @AfterEach
    void close() {
        syslog.close();
    }

    private void start(boolean verbose) {
        DaemonLog.start("pulse", DaemonLog.syslogSink(Map.of(DaemonLog.SYSLOG_SOCKET_ENV, socketPath.toString()),
                new PrintStream(stderr, true, StandardCharsets.UTF_8)), verbose);
    }

    @Test
    void infoLineIsADaemonFacilityDatagramTaggedWithNameAndPid() {
        start(false);

        log.info("STARTING PULSE AS MASTER");

        assertThat(syslog.receive()).matches("<30>" + TIMESTAMP + " pulse\\[" + PID + "\\]: STARTING PULSE AS MASTER");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void levelsBecomeSyslogPriorities() {
        start(true);

        log.error("e");
        log.warn("w");
        log.info("i");
        log.debug("d");

        assertThat(syslog.receive()).startsWith("<27>").endsWith("]: e");
        assertThat(syslog.receive()).startsWith("<28>").endsWith("]: w");
        assertThat(syslog.receive()).startsWith("<30>").endsWith("]: i");
        assertThat(syslog.receive()).startsWith("<31>").endsWith("]: d");
    }

    @Test
    void debugOnlyWhenVerbose() {
        start(false);

        log.debug("DEBUG -- Sending heartbeat...");
        log.info("marker");

        assertThat(syslog.receive()).endsWith("]: marker");
    }

    @Test
    void everyLineOfAStackTraceIsItsOwnDatagram() {
        start(false);

        log.error("failed to bind to heartbeat address: {}", "Address in use", new IllegalStateException("boom"));

        assertThat(syslog.receive()).endsWith("pulse[" + PID + "]: failed to bind to heartbeat address: Address in use");
        assertThat(syslog.receive()).startsWith("<27>").endsWith("pulse[" + PID + "]: java.lang.IllegalStateException: boom");
        assertThat(syslog.receive()).contains("pulse[" + PID + "]: \tat org.piranha.daemon.SyslogLoggingTest");
    }

    @Test
    void childLinesGoToTheSameSocketUnderTheChildsIdentity() {
        start(false);

        DaemonLog.forChild("nanny", 4321).log(Severity.INFO, "[ active ] making 10.0.0.1:80 available");
        DaemonLog.forChild("nanny", 4321).log(Severity.DEBUG, "not verbose: dropped");
        DaemonLog.forChild("nanny", 4321).log(Severity.WARNING, "stderr line");

        assertThat(syslog.receive()).matches("<30>" + TIMESTAMP + " nanny\\[4321\\]: \\[ active \\] making 10.0.0.1:80 available");
        assertThat(syslog.receive()).matches("<28>" + TIMESTAMP + " nanny\\[4321\\]: stderr line");
        assertThat(syslog.poll()).isNull();
    }

    @Test
    void childDebugLinesWhenVerbose() {
        start(true);

        DaemonLog.forChild("nanny", 4321).log(Severity.DEBUG, "DEBUG -- removing glasses");

        assertThat(syslog.receive()).matches("<31>" + TIMESTAMP + " nanny\\[4321\\]: DEBUG -- removing glasses");
    }

    @Test
    void missingSocketFallsBackToStderrWithOneNoteThenRecovers() throws IOException {
        start(false);
        syslog.close();
        Files.delete(socketPath);

        log.info("first");
        log.info("second");

        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(
                "pulse[" + PID + "]: cannot log to syslog (" + socketPath + ": No such file or directory);"
                        + " logging to stderr until it is back\n"
                        + "pulse[" + PID + "]: first\n"
                        + "pulse[" + PID + "]: second\n");

        // syslog restarts: a new socket at the same path
        stderr.reset();
        syslog = new BoundDatagramSocket(socketPath.toString());
        log.info("third");

        assertThat(syslog.receive()).endsWith("pulse[" + PID + "]: third");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(
                "pulse[" + PID + "]: syslog at " + socketPath + " accepts messages again; logging there\n");
    }

    @Test
    void aSocketNobodyReadsAnyMoreCountsAsMissing() {
        start(false);
        syslog.close(); // the file stays, as after syslog died

        log.info("lost?");

        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("Connection refused")
                .endsWith("pulse[" + PID + "]: lost?\n");
    }
}
