package org.piranha.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Sh;

/**
 * The RPM that ./mvnw package builds, checked with rpm and rpmlint and installed, upgraded and
 * erased in a scratch root as a host would.
 */
class RpmPackageIT {

    /** Everything the package holds besides the jars and launchers staged under /usr/share/piranha. */
    private static final List<String> FIXED_CONTENT = List.of(
            "/etc/sysconfig/ha",
            "/etc/sysconfig/ha/conf",
            "/etc/sysconfig/ha/lvs.cf",
            "/etc/sysconfig/pulse",
            "/usr/lib/modules-load.d/piranha.conf",
            "/usr/lib/systemd/system/piranha-gui.service",
            "/usr/lib/systemd/system/pulse.service",
            "/usr/sbin/lvsd",
            "/usr/sbin/nanny",
            "/usr/sbin/piranha-gui",
            "/usr/sbin/piranha-passwd",
            "/usr/sbin/pulse",
            "/usr/sbin/send_arp",
            "/usr/share/man/man5/lvs.cf.5.gz",
            "/usr/share/man/man8/lvsd.8.gz",
            "/usr/share/man/man8/nanny.8.gz",
            "/usr/share/man/man8/piranha-gui.8.gz",
            "/usr/share/man/man8/piranha-passwd.8.gz",
            "/usr/share/man/man8/pulse.8.gz",
            "/usr/share/man/man8/send_arp.8.gz",
            "/usr/share/doc/piranha",
            "/usr/share/doc/piranha/bird-director.conf.example",
            "/usr/share/doc/piranha/bird-router.conf.example",
            "/usr/share/piranha",
            "/usr/share/piranha/bin",
            "/usr/share/piranha/lib",
            "/usr/share/piranha/lib/gui",
            "/var/cache/piranha");

    private static final String OPERATORS_EDIT = "# the operator's own change";

    private static Path rpm;

    @BeforeAll
    static void findPackage() {
        RequiredTool.require("rpm", "rpm");
        rpm = Packaging.rpm();
    }

    private static String query(String... args) {
        List<String> command = new ArrayList<>(List.of("rpm", "-qp"));
        command.addAll(List.of(args));
        command.add(rpm.toString());
        return Sh.run(command).orThrow().out();
    }

    @Test
    void holdsExactlyTheStagedTree() throws IOException {
        TreeSet<String> expected = new TreeSet<>(FIXED_CONTENT);
        for (String dir : List.of("/usr/share/piranha/bin", "/usr/share/piranha/lib", "/usr/share/piranha/lib/gui")) {
            try (Stream<Path> files = Files.list(Installed.root().resolve(dir.substring(1)))) {
                files.forEach(f -> expected.add(dir + "/" + f.getFileName()));
            }
        }
        assertThat(expected).contains("/usr/share/piranha/bin/piranha-launch",
                "/usr/share/piranha/lib/pulse.jar", "/usr/share/piranha/lib/lvsd.jar",
                "/usr/share/piranha/lib/nanny.jar", "/usr/share/piranha/lib/sendarp.jar",
                "/usr/share/piranha/lib/gui/gui.jar", "/usr/share/piranha/lib/gui/javalin.jar");
        // The daemons' class path is lib/*: piranha-gui's web server must not be on it.
        assertThat(expected).noneMatch(f -> f.matches("/usr/share/piranha/lib/[^/]*(jetty|javalin|gui|jte|kotlin)[^/]*\\.jar"));

        assertThat(new TreeSet<>(query("-l").lines().toList())).containsExactlyElementsOf(expected);
    }

    @Test
    void describesItselfAsANoarchPackageNeedingJava17() {
        assertThat(query("--qf", "%{NAME} %{VERSION} %{ARCH}")).isEqualTo("piranha " + Packaging.version() + " noarch");
        assertThat(query("--requires").lines()).contains("java-headless >= 1:17");
        assertThat(query("--provides").lines()).contains("piranha = " + query("--qf", "%{VERSION}-%{RELEASE}"))
                .anyMatch(p -> p.startsWith("bundled(netty) = 4."));
    }

    @Test
    void marksTheTwoConfigFilesNoreplaceWithTheirModes() {
        List<String> files = query("--qf", "[%{FILEFLAGS:fflags} %{FILEMODES:perms} %{FILEUSERNAME} %{FILENAMES}\n]")
                .lines().toList();
        assertThat(files).filteredOn(line -> line.startsWith("c")).containsExactlyInAnyOrder(
                "cn -rw-rw---- root /etc/sysconfig/ha/lvs.cf",
                "cn -rw-r--r-- root /etc/sysconfig/pulse");
        assertThat(files).contains(
                " -rwxr-xr-x root /usr/share/piranha/bin/piranha-launch",
                " -rw-r--r-- root /usr/lib/systemd/system/pulse.service",
                " drwxr-xr-x root /var/cache/piranha");
    }

    @Test
    void packageAndSpecPassRpmlintWithTheCommittedSettings() {
        String rpmlint = RequiredTool.require("rpmlint", "rpmlint");
        Sh.Result lint = Sh.run(rpmlint, "-c", Packaging.rpmlintConfig().toString(), rpm.toString(),
                Packaging.module().resolve("rpm/piranha.spec").toString());
        System.out.println(lint.out());
        assertThat(lint.exitCode()).as("rpmlint exit status\n%s", lint.out()).isZero();
        assertThat(lint.out()).contains("1 packages and 1 specfiles checked; 0 errors, 0 warnings");
    }

    /**
     * Install, an upgrade to a package whose config files changed, and erase. The operator's edit
     * of lvs.cf survives the upgrade (the package's new version lands in lvs.cf.rpmnew) and the
     * erase (lvs.cf.rpmsave); the untouched /etc/sysconfig/pulse simply follows the package.
     */
    @Test
    void installsUpgradesAndErasesLikeAHost(@TempDir Path work) throws IOException {
        Path upgrade = buildUpgradeWithChangedConfigFiles(work);
        try (ScratchRoot root = ScratchRoot.create()) {
            root.rpm("-i", "--nodeps", rpm.toString()).orThrow();

            for (String file : FIXED_CONTENT) {
                assertThat(Files.exists(root.file(file), LinkOption.NOFOLLOW_LINKS)).as(file).isTrue();
            }
            assertThat(mode(root.file("/etc/sysconfig/ha/lvs.cf"))).isEqualTo("rw-rw----");
            assertThat(mode(root.file("/etc/sysconfig/pulse"))).isEqualTo("rw-r--r--");
            for (String program : List.of("pulse", "lvsd", "nanny", "send_arp", "piranha-gui", "piranha-passwd")) {
                Path link = root.file("/usr/sbin/" + program);
                assertThat(Files.readSymbolicLink(link)).hasToString("../share/piranha/bin/piranha-launch");
                assertThat(Files.isExecutable(link)).as("%s resolves inside the root", link).isTrue();
            }
            assertThat(root.file("/usr/lib/systemd/system/pulse.service"))
                    .hasSameTextualContentAs(Packaging.module().resolve("../systemd/pulse.service"));
            assertThat(root.file("/usr/lib/modules-load.d/piranha.conf")).content().contains("\nip_vs\n");
            assertThat(root.rpm("-V", "--nodeps", "piranha").orThrow().out()).as("rpm -V").isEmpty();
            assertThat(root.rpm("-qc", "piranha").orThrow().out().lines())
                    .containsExactly("/etc/sysconfig/ha/lvs.cf", "/etc/sysconfig/pulse");
            assertThat(root.systemctlCalls()).containsExactly(expectedSystemctl("--no-reload preset pulse.service"));

            Path lvsCf = root.file("/etc/sysconfig/ha/lvs.cf");
            Files.writeString(lvsCf, Files.readString(lvsCf) + OPERATORS_EDIT + "\n");
            root.rpm("-U", "--nodeps", upgrade.toString()).orThrow();

            assertThat(lvsCf).content().endsWith(OPERATORS_EDIT + "\n");
            assertThat(root.file("/etc/sysconfig/ha/lvs.cf.rpmnew")).content().endsWith("# changed by the upgrade\n");
            assertThat(root.file("/etc/sysconfig/pulse")).content().endsWith("# changed by the upgrade\n");
            assertThat(root.file("/etc/sysconfig/pulse.rpmnew")).doesNotExist();
            assertThat(root.systemctlCalls()).endsWith(expectedSystemctl("try-restart pulse.service"));

            root.rpm("-e", "--nodeps", "piranha").orThrow();

            assertThat(root.systemctlCalls()).endsWith(expectedSystemctl("--no-reload disable --now pulse.service"));
            assertThat(root.file("/etc/sysconfig/ha/lvs.cf.rpmsave")).content().endsWith(OPERATORS_EDIT + "\n");
            assertThat(root.file("/usr/sbin/pulse")).doesNotExist();
            assertThat(root.file("/usr/share/piranha")).doesNotExist();
            assertThat(root.file("/usr/lib/systemd/system/pulse.service")).doesNotExist();
        }
    }

    /**
     * What the scriptlets run where rpm has no %systemd_* macros (Debian's, which builds the
     * package here): the fallbacks in the spec, which do what the macros do.
     */
    private static String expectedSystemctl(String call) {
        String macro = Sh.ok("rpm", "--eval", "%{?systemd_post:defined}").strip();
        assertThat(macro).as("this test knows the spec's fallbacks, used where rpm lacks the systemd macros")
                .isEmpty();
        return call;
    }

    /** The same package one release later, with both config files changed. */
    private static Path buildUpgradeWithChangedConfigFiles(Path work) throws IOException {
        Path staged = work.resolve("root");
        Sh.ok("cp", "-a", Installed.root().toString(), staged.toString());
        for (String config : List.of("etc/sysconfig/ha/lvs.cf", "etc/sysconfig/pulse")) {
            Path file = staged.resolve(config);
            Files.writeString(file, Files.readString(file) + "# changed by the upgrade\n");
        }
        Sh.ok(Packaging.module().resolve("rpm/build-rpm").toString(), staged.toString(),
                work.resolve("rpmbuild").toString(), work.resolve("out").toString(),
                "--define", "pom_version " + Packaging.version(), "--define", "dist .1");
        try (Stream<Path> out = Files.list(work.resolve("out"))) {
            Path built = out.findFirst().orElseThrow();
            assertThat(built.getFileName().toString()).endsWith("-1.1.noarch.rpm");
            return built;
        }
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }
}
