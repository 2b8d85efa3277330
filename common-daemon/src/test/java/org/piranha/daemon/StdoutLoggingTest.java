package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** -n/--nodaemon: NAME[PID]: MESSAGE on stdout, with journald's <N> on every line under systemd. */
class StdoutLoggingTest {

    private static final long PID = ProcessHandle.current().pid();

    private final Logger log = LoggerFactory.getLogger(StdoutLoggingTest.class);
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private String start(boolean journal, boolean verbose, Runnable logging) {
        DaemonLog.start("lvsd", new StdoutSink(new PrintStream(stdout, true, StandardCharsets.UTF_8), journal), verbose);
        logging.run();
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesWithoutTheJournal() {
        String out = start(false, false, () -> {
            log.info("starting virtual service web active: 80");
            log.warn("a warning");
            log.debug("hidden");
        });

        assertThat(out).isEqualTo("lvsd[" + PID + "]: starting virtual service web active: 80\n"
                + "lvsd[" + PID + "]: a warning\n");
    }

    @Test
    void journalLevelOnEveryPhysicalLine() {
        String out = start(true, true, () -> {
            log.error("first\nsecond");
            log.warn("w");
            log.info("i");
            log.debug("d");
        });

        assertThat(out).isEqualTo("<3>lvsd[" + PID + "]: first\n"
                + "<3>lvsd[" + PID + "]: second\n"
                + "<4>lvsd[" + PID + "]: w\n"
                + "<6>lvsd[" + PID + "]: i\n"
                + "<7>lvsd[" + PID + "]: d\n");
    }

    @Test
    void stackTraceLinesAllCarryTheLevel() {
        String out = start(true, false, () -> log.error("oops", new IllegalStateException("boom")));

        assertThat(out.lines()).hasSizeGreaterThan(2).allMatch(line -> line.startsWith("<3>lvsd[" + PID + "]: "));
    }

    @Test
    void childLinesUnderTheChildsIdentity() {
        String out = start(true, false, () -> {
            DaemonLog.forChild("nanny", 777).log(Severity.INFO, "[inactive] shutting down 10.0.0.2:80 due to connection failure");
            DaemonLog.forChild("nanny", 777).log(Severity.DEBUG, "dropped");
        });

        assertThat(out).isEqualTo("<6>nanny[777]: [inactive] shutting down 10.0.0.2:80 due to connection failure\n");
    }

    @Test
    void journalStreamMustNameStdout(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("stdout"));
        long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();

        assertThat(JournalStream.matches(dev + ":" + ino, file)).isTrue();
        assertThat(JournalStream.matches(dev + ":" + (ino + 1), file)).as("inherited by a redirected child").isFalse();
        assertThat(JournalStream.matches(null, file)).as("not under systemd").isFalse();
        assertThat(JournalStream.matches("garbage", file)).isFalse();
    }
}
