package org.piranha.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The running kernel, as the tests that need IPVS see it. */
public final class Kernel {

    private static final Path IP_VS = Path.of("/proc/net/ip_vs");

    private Kernel() {}

    /** Whether the kernel offers IPVS, loading the ip_vs module if need be. */
    public static boolean hasIpvs() {
        if (!Files.exists(IP_VS)) {
            Sh.run("modprobe", "-q", "ip_vs");
        }
        return Files.exists(IP_VS);
    }

    /**
     * Fails unless the kernel offers IPVS: for the {@code @BeforeAll} of a {@code @Tag("ipvs")}
     * class, so that running one where there is none says what to do instead of failing oddly.
     */
    public static void requireIpvs() {
        if (!hasIpvs()) {
            throw new IllegalStateException("this kernel has no IPVS (" + IP_VS + " is missing and "
                    + "modprobe ip_vs failed): run the @Tag(\"ipvs\") tests with vm/test, see vm/README.md");
        }
    }

    /** Whether the module (e.g. "ip_vs_wlc") is loaded; built-in code does not count. */
    public static boolean moduleLoaded(String module) {
        try {
            return Files.readAllLines(Path.of("/proc/modules")).stream()
                    .anyMatch(line -> line.startsWith(module + " "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
