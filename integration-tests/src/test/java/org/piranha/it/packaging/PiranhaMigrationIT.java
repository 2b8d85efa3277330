package org.piranha.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Sh;

/**
 * The steps of docs/migrating-from-piranha.md that can run here: the RPM installed on a router
 * that holds what Piranha left (its lvs.cf, the GUI's piranha.passwd) keeps both byte for byte,
 * the installed {@code pulse --check-config} reads the old lvs.cf as it is, and erasing the
 * package (the rollback without a downgrade) leaves the old lvs.cf as lvs.cf.rpmsave.
 */
class PiranhaMigrationIT {

    /** An htpasswd MD5 line as Piranha's piranha-passwd (Apache's htpasswd) wrote it. */
    private static final String PIRANHA_PASSWD = "piranha:$apr1$o5CJjT9v$9GFDuShz52jHsbTjs5P.D/\n";

    private static Path rpm;
    private static byte[] piranhaLvsCf;

    @BeforeAll
    static void findPackageAndPiranhasFile() throws IOException {
        RequiredTool.require("rpm", "rpm");
        rpm = Packaging.rpm();
        String fixtures = System.getProperty("piranha.fixtures");
        assertThat(fixtures).as("system property piranha.fixtures (set by integration-tests/pom.xml)").isNotNull();
        piranhaLvsCf = Files.readAllBytes(Path.of(fixtures, "piranha-0.8.6-sample.cf"));
    }

    @Test
    void installsBesidePiranhasFilesAndReadsItsLvsCfUnchanged() throws IOException {
        try (ScratchRoot root = ScratchRoot.create()) {
            Path lvsCf = root.file("/etc/sysconfig/ha/lvs.cf");
            Path passwd = root.file("/etc/sysconfig/ha/conf/piranha.passwd");
            Files.createDirectories(passwd.getParent());
            Files.write(lvsCf, piranhaLvsCf);
            Files.setPosixFilePermissions(lvsCf, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(passwd, PIRANHA_PASSWD);
            FileTime written = Files.getLastModifiedTime(lvsCf);

            root.rpm("-i", "--nodeps", rpm.toString()).orThrow();

            assertThat(Files.readAllBytes(lvsCf)).as("Piranha's lvs.cf after the install").isEqualTo(piranhaLvsCf);
            assertThat(root.file("/etc/sysconfig/ha/lvs.cf.rpmnew")).as("the package's example, set aside")
                    .hasSameBinaryContentAs(Installed.root().resolve("etc/sysconfig/ha/lvs.cf"));
            assertThat(passwd).hasContent(PIRANHA_PASSWD.strip());

            Sh.Result check = Sh.run(root.file("/usr/sbin/pulse").toString(), "--check-config", "-c", lvsCf.toString());
            assertThat(check.exitCode()).as(check.err()).isZero();
            assertThat(check.out()).isEqualTo(lvsCf + ": valid: 1 active virtual service (of 2), 2 active real"
                    + " servers, network nat, primary 207.175.44.150, backup 207.175.44.196, 6 warnings\n");
            assertThat(check.err()).contains(lvsCf + ":195: warning: failover web1 is ignored");
            assertThat(Files.readAllBytes(lvsCf)).as("lvs.cf after --check-config").isEqualTo(piranhaLvsCf);
            assertThat(Files.getLastModifiedTime(lvsCf)).isEqualTo(written);

            root.rpm("-e", "--nodeps", "piranha").orThrow();

            assertThat(lvsCf).doesNotExist();
            assertThat(Files.readAllBytes(root.file("/etc/sysconfig/ha/lvs.cf.rpmsave"))).isEqualTo(piranhaLvsCf);
            assertThat(passwd).hasContent(PIRANHA_PASSWD.strip());
        }
    }
}
