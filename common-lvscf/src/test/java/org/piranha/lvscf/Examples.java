package org.piranha.lvscf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two example files: the Piranha reference's realistic one and the one the package ships. */
final class Examples {

    /** The seed's setup: VIP 10.6.1.214:80, wlc, persistent 600, two real servers, direct routing. */
    static final Path SHIPPED = Path.of("../packaging/src/root/etc/sysconfig/ha/lvs.cf");

    private Examples() {}

    /** piranha.md section 2.4. */
    static String reference() throws IOException {
        try (InputStream in = Examples.class.getResourceAsStream("/piranha-reference-example.cf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String shipped() throws IOException {
        return Files.readString(SHIPPED, StandardCharsets.UTF_8);
    }
}
