package org.piranha.nanny;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a person (or lvsd) sees when starting nanny with bad, informational or test options. */
class CommandLineTest {

    private final List<NannyProcess> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(NannyProcess::close);
    }

    private NannyProcess run(String... args) {
        NannyProcess p = NannyProcess.start(args);
        started.add(p);
        return p;
    }

    @Test
    void badArgumentsExitTwoWithAMessageOnStderrAndNothingOnStdout() {
        assertRejected("nanny: bad IP address -- 10.0.0.300", "-c", "-h", "10.0.0.300", "--lvs");
        assertRejected("nanny: unknown service type", "-c", "-h", "10.0.0.1", "-p", "80");
        assertRejected("nanny: bad interval (-t) -- 0: the check interval (timeout in lvs.cf)"
                + " must be a number of seconds greater than 0, for example 10 or 0.5",
                "-h", "10.0.0.1", "-t", "0", "--lvs");
        assertRejected("nanny: --fos is not supported: FOS (failover services) mode was dropped;"
                + " run nanny with --lvs for an LVS real server", "-h", "10.0.0.1", "--fos");
    }

    private void assertRejected(String message, String... args) {
        NannyProcess p = run(args);
        assertThat(p.awaitExit()).isEqualTo(2);
        assertThat(p.errLines()).containsExactly(message);
        assertThat(p.lines()).isEmpty();
    }

    @Test
    void helpAndVersion() {
        NannyProcess help = run("--help");
        assertThat(help.awaitExit()).isZero();
        assertThat(help.lines()).anyMatch(l -> l.contains("-h, --server IP"));
        NannyProcess version = run("--version");
        assertThat(version.awaitExit()).isZero();
        assertThat(version.lines()).singleElement().asString().startsWith("nanny version ");
    }

    @Test
    void selftestPassesOnThisHost() {
        NannyProcess selftest = run("--selftest");
        assertThat(selftest.awaitExit()).as(String.join("\n", selftest.lines())).isZero();
        assertThat(selftest.lines()).contains("selftest: tcp web check: ok",
                "selftest: udp send/expect: ok", "selftest: send_program: ok",
                "selftest: monitor loop: ok", "selftest: ok");
    }
}
