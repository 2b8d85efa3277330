package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** -v turns on piranha's debug lines, not those of the libraries it uses. */
class VerboseScopeTest {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @AfterEach
    void reset() {
        DaemonLog.start("piranha", new StdoutSink(System.err, false), false);
    }

    @Test
    void verboseShowsOurDebugLinesButNotNettys() {
        DaemonLog.start("pulse", new StdoutSink(new PrintStream(stdout, true, StandardCharsets.UTF_8), false), true);
        LoggerFactory.getLogger("io.netty.util.internal.PlatformDependent").debug("Java version: 17");
        LoggerFactory.getLogger("org.piranha.pulse.Pulse").debug("DEBUG -- Sending heartbeat...");
        LoggerFactory.getLogger("io.netty.channel.nio.NioIoHandler").info("an info line still shows");
        String out = stdout.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("DEBUG -- Sending heartbeat...").contains("an info line still shows")
                .doesNotContain("Java version");
    }
}
