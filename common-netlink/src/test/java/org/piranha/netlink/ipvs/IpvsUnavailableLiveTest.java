package org.piranha.netlink.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Against this host's kernel. The development and CI hosts have no IPVS at all (no ip_vs in the
 * kernel, no modules to load): there the client must say so plainly. A host that has IPVS gets
 * a working client instead (the IPVS integration tests cover the rest).
 */
class IpvsUnavailableLiveTest {

    private static boolean kernelCanHaveIpvs() {
        String release = System.getProperty("os.version");
        return Files.exists(Path.of("/proc/net/ip_vs")) || Files.isDirectory(Path.of("/lib/modules", release));
    }

    @Test
    void openingSaysIpvsIsMissingOrWorks() throws Exception {
        if (kernelCanHaveIpvs()) {
            try (IpvsClient ipvs = IpvsClient.open()) {
                assertThat(ipvs.info().version()).isEqualTo("1.2.1");
            } catch (IpvsUnavailableException e) {
                assertThat(e).hasMessage("IPVS is not available in this kernel: load the ip_vs module");
            }
            return;
        }
        assertThatThrownBy(IpvsClient::open)
                .isInstanceOf(IpvsUnavailableException.class)
                .hasMessage("IPVS is not available in this kernel: load the ip_vs module")
                .satisfies(e -> assertThat(((IpvsException) e).reason()).isEqualTo(IpvsException.Reason.UNAVAILABLE));
    }
}
