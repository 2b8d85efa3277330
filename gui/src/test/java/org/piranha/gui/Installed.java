package org.piranha.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import org.piranha.lvscf.ConfigCheck;

/** The check pulse --check-config runs (the staged program when packaging was built, else the same library call). */
final class Installed {

    private Installed() {}

    static int checkConfig(Path file) throws Exception {
        Path pulse = Path.of(System.getProperty("user.dir")).resolve("../packaging/target/root/usr/sbin/pulse").normalize();
        if (Files.isExecutable(pulse)) {
            Process p = new ProcessBuilder(pulse.toString(), "--check-config", "-c", file.toString())
                    .inheritIO().start();
            return p.waitFor();
        }
        return ConfigCheck.run(file, System.out, System.err);
    }
}
