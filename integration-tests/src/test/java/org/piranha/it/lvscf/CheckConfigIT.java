package org.piranha.it.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Sh;

/** The installed {@code pulse --check-config}, as an operator runs it: no root, no IPVS needed. */
class CheckConfigIT {

    @TempDir
    Path dir;

    private static Sh.Result pulse(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = Installed.sbin("pulse");
        System.arraycopy(args, 0, command, 1, args.length);
        return Sh.run(command);
    }

    @Test
    void theInstalledExampleIsValid() {
        Path example = Installed.root().resolve("etc/sysconfig/ha/lvs.cf");
        Sh.Result result = pulse("--check-config", "-c", example.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(example + ": valid: 1 active virtual service (of 1), 2 active real servers,"
                + " network direct, primary 10.6.1.201, backup 10.6.1.202\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void anInvalidFileExitsOneWithEveryError() throws IOException {
        Path file = dir.resolve("lvs.cf");
        Files.writeString(file, "primary = 10.0.0.1\r\nnetwork direct\r\nvirtual www {\r\n  scheduller = rr\r\n}\r\n");
        Sh.Result result = pulse("--configfile=" + file, "--check-config");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(file + ":2: equal (=) expected after command \"network\"\n"
                + file + ":4: unknown command \"scheduller\" in a virtual block (did you mean \"scheduler\"?)\n"
                + file + ": 2 errors: configuration not valid\n");
    }

    @Test
    void aMissingFileExitsTwo() {
        Path missing = dir.resolve("nope.cf");
        Sh.Result result = pulse("--check-config", "-c", missing.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(missing + ": I/O error while reading configuration: no such file\n");
    }

    @Test
    void pulseTakesPiranhasOptions() {
        Sh.Result help = pulse("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--configfile", "--nodaemon", "--forceactive", "--lvsd", "--verbose",
                "--test-start", "--norun", "--check-config", "--version");
        Path missing = dir.resolve("nope.cf");
        Sh.Result run = pulse("-n", "-v", "--forceactive", "--lvsd=/usr/sbin/lvsd", "-t", "-c", missing.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("pulse: cannot read " + missing + ": no such file\n");
    }
}
