package org.piranha.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Sh;

/**
 * pulse.service as the RPM installs it, checked by systemd's own analyzer in a scratch root that
 * holds the package plus the host's systemd units (systemd is not PID 1 here, so nothing can be
 * started; verify and the offline security review need no running systemd).
 */
class PulseUnitIT {

    /** Above this exposure (systemd-analyze's 0-10 scale) the sandbox has been loosened. */
    private static final double MAX_EXPOSURE = 5.0;

    private static final Path HOST_UNITS = Path.of("/usr/lib/systemd/system");

    private static String analyze;
    private static ScratchRoot root;

    @BeforeAll
    static void installPackageWithSystemdUnits() throws IOException {
        analyze = RequiredTool.require("systemd-analyze", "systemd");
        root = ScratchRoot.create();
        root.rpm("-i", "--nodeps", "--noscripts", Packaging.rpm().toString()).orThrow();
        // The targets pulse.service orders itself against, and the kill of ExecReload.
        Path units = root.file("/usr/lib/systemd/system");
        try (Stream<Path> hostUnits = Files.list(HOST_UNITS)) {
            for (Path unit : hostUnits.toList()) {
                Path copy = units.resolve(unit.getFileName());
                if (!Files.exists(copy)) {
                    Sh.ok("cp", "-a", unit.toString(), copy.toString());
                }
            }
        }
        Files.copy(Path.of(RequiredTool.require("kill", "procps")), root.file("/bin/kill"));
    }

    @AfterAll
    static void removeRoot() {
        if (root != null) {
            root.close();
        }
    }

    @Test
    void passesSystemdAnalyzeVerify() {
        Sh.Result verify = verify("pulse.service");
        assertThat(verify.exitCode()).as("systemd-analyze verify\n%s%s", verify.out(), verify.err()).isZero();
        assertThat(verify.out() + verify.err()).isEmpty();
    }

    /** The check above would catch a unit whose program is missing: verify reads the root. */
    @Test
    void verifyRejectsAUnitWhoseProgramIsMissing() throws IOException {
        Path unit = root.file("/etc/systemd/system/pulse-broken.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, Files.readString(root.file("/usr/lib/systemd/system/pulse.service"))
                .replace("ExecStart=/usr/sbin/pulse ", "ExecStart=/usr/sbin/pulse-missing "));

        Sh.Result verify = verify("pulse-broken.service");

        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.err()).contains("/usr/sbin/pulse-missing");
    }

    @Test
    void keepsItsSandboxExposureAtMost5() {
        // --threshold counts in tenths: 50 is an exposure of 5.0.
        Sh.Result security = Sh.run(analyze, "security", "--offline=yes", "--root=" + root.path(),
                "--threshold=" + Math.round(MAX_EXPOSURE * 10), "pulse.service");
        System.out.println(security.out());
        Matcher exposure = Pattern.compile("Overall exposure level for pulse\\.service: (\\d+\\.\\d)")
                .matcher(security.out());
        assertThat(exposure.find()).as("exposure line in\n%s%s", security.out(), security.err()).isTrue();
        assertThat(Double.parseDouble(exposure.group(1))).isLessThanOrEqualTo(MAX_EXPOSURE);
        assertThat(security.exitCode()).as("systemd-analyze security --threshold").isZero();
    }

    @Test
    void piranhaGuiUnitPassesVerifyAndRunsUnprivilegedInATightSandbox() {
        Sh.Result verify = verify("piranha-gui.service");
        assertThat(verify.exitCode()).as("systemd-analyze verify\n%s%s", verify.out(), verify.err()).isZero();
        assertThat(verify.out() + verify.err()).isEmpty();
        assertThat(root.file("/usr/lib/systemd/system/piranha-gui.service")).content()
                .contains("\nUser=piranha\n", "\nCapabilityBoundingSet=\n", "\nReadWritePaths=/etc/sysconfig/ha\n");

        Sh.Result security = Sh.run(analyze, "security", "--offline=yes", "--root=" + root.path(), "piranha-gui.service");
        Matcher exposure = Pattern.compile("Overall exposure level for piranha-gui\\.service: (\\d+\\.\\d)")
                .matcher(security.out());
        assertThat(exposure.find()).as("exposure line in\n%s%s", security.out(), security.err()).isTrue();
        assertThat(Double.parseDouble(exposure.group(1))).isLessThanOrEqualTo(3.0);
    }

    private static Sh.Result verify(String unit) {
        return Sh.run(analyze, "verify", "--man=no", "--root=" + root.path(), unit);
    }
}
