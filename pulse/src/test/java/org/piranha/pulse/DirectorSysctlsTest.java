package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel settings of a multi_active director, on a stand-in /proc/sys tree. */
class DirectorSysctlsTest {

    @TempDir
    Path procSys;

    private Path file(String name, String value) throws Exception {
        Path file = procSys.resolve(name.replace('.', '/'));
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
        return file;
    }

    @Test
    void arpSettingsAreWrittenWhenTheyDiffer() throws Exception {
        Path ignore = file("net.ipv4.conf.all.arp_ignore", "0");
        Path announce = file("net.ipv4.conf.all.arp_announce", "2");
        new DirectorSysctls(procSys).noArpForVips();
        assertThat(Files.readString(ignore)).isEqualTo("1\n");
        assertThat(Files.readString(announce)).isEqualTo("2\n");
    }

    @Test
    void sloppyTcpWaitsForIpvs() throws Exception {
        DirectorSysctls sysctls = new DirectorSysctls(procSys);
        assertThat(sysctls.sloppyTcp()).isFalse(); // no net/ipv4/vs: IPVS not loaded yet
        Path sloppy = file("net.ipv4.vs.sloppy_tcp", "0");
        assertThat(sysctls.sloppyTcp()).isTrue();
        assertThat(Files.readString(sloppy)).isEqualTo("1\n");
    }
}
