package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A quiet spell silences a package but the loggers it keeps, and ends with everything as before. */
class QuietTest {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @AfterEach
    void reset() {
        DaemonLog.start("piranha", new StdoutSink(System.err, false), false);
    }

    @Test
    void silencesThePackageButKeepsTheNamedLoggersThenRestoresIt() {
        DaemonLog.start("lvsd", new StdoutSink(new PrintStream(stdout, true, StandardCharsets.UTF_8), false), false);
        try (DaemonLog.Quiet quiet = DaemonLog.quiet("org.piranha.lvsd", "org.piranha.lvsd.Lvsd")) {
            LoggerFactory.getLogger("org.piranha.lvsd.Director").info("starting virtual service www active: 80");
            LoggerFactory.getLogger("org.piranha.lvsd.Lvsd").info("shutting down due to signal 15");
            LoggerFactory.getLogger("org.piranha.lvsd.Lvsd").debug("a debug line stays off without -v");
        }
        LoggerFactory.getLogger("org.piranha.lvsd.Director").info("shutting down virtual service www");
        LoggerFactory.getLogger("org.piranha.lvsd.Lvsd").debug("still off after the quiet spell");
        String out = stdout.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("starting virtual service").contains("shutting down due to signal 15")
                .contains("shutting down virtual service www").doesNotContain("debug line")
                .doesNotContain("still off");
    }
}
