package org.piranha.lvsd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code piranha-cds} once before the first nanny: it builds nanny's class-data-sharing
 * archive on this host when it is missing or stale (about 0.5 s), and returns at once when it is
 * usable. nanny runs either way; with the archive each one starts faster and costs less memory.
 */
final class CdsArchive {

    private static final Logger log = LoggerFactory.getLogger(CdsArchive.class);
    private static final long LIMIT_SECONDS = 120;

    private CdsArchive() {}

    /** The tool beside the launcher that {@code nanny} (a symlink to it) points at, if there is one. */
    static Path tool(Path nanny) {
        try {
            Path launcher = nanny.toRealPath();
            Path tool = launcher.resolveSibling("piranha-cds");
            return Files.isExecutable(tool) ? tool : null;
        } catch (IOException e) {
            return null;
        }
    }

    static void prepare(Path nanny) {
        Path tool = tool(nanny);
        if (tool == null) {
            log.debug("no piranha-cds beside {}: nannies start without a class-data archive", nanny);
            return;
        }
        try {
            Process process = new ProcessBuilder(tool.toString()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log.warn("piranha-cds did not finish within {} s; nannies start without their archive", LIMIT_SECONDS);
                return;
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (process.exitValue() == 0) {
                text.lines().forEach(line -> log.info("{}", line));
            } else {
                text.lines().forEach(line -> log.warn("{}", line));
            }
        } catch (IOException e) {
            log.warn("cannot run {}: {}; nannies start without their archive", tool, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
