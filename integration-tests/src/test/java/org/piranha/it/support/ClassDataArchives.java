package org.piranha.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class-data archives of nanny and lvsd for every daemon a test run starts, kept beside the
 * staged tree in packaging/target/cds (bench/nanny uses them too), built once per run by
 * {@code piranha-cds} as pulse.service does before pulse starts. Building one takes about a minute
 * under TCG, which would otherwise fall on the first start of the program. The archives suit the
 * VM and the host alike, as both run the same JDK and jars. The programs run without them too,
 * only slower, so a failed build is not an error here.
 */
public final class ClassDataArchives {

    private static final String[] PROGRAMS = {"nanny", "lvsd"};
    private static Path dir;

    private ClassDataArchives() {}

    /** The directory to pass as {@code PIRANHA_CDS_DIR}; the archives are built on the first call. */
    public static synchronized Path dir() {
        if (dir == null) {
            Path cds = Installed.root().resolveSibling("cds");
            try {
                Files.createDirectories(cds);
                for (String program : PROGRAMS) {
                    build(cds, program);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir = cds;
        }
        return dir;
    }

    private static void build(Path cds, String program) throws IOException {
        Path tool = Installed.root().resolve("usr/share/piranha/bin/piranha-cds");
        for (int attempt = 0; attempt < 2; attempt++) {
            ProcessBuilder builder = new ProcessBuilder(tool.toString(), program).inheritIO()
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("PIRANHA_CDS_DIR", cds.toString());
            try {
                if (builder.start().waitFor() == 0) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
