package org.piranha.pulse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code birdc -s SOCKET configure}, and whether BIRD answers there at all (for
 * {@code --check-config}). birdc is looked up on the PATH.
 */
final class BirdControl {

    private static final Logger LOG = LoggerFactory.getLogger(BirdControl.class);

    static final long TIMEOUT_SECONDS = 10;

    private BirdControl() {}

    /** Makes the BIRD on {@code socket} re-read its configuration; logs the outcome. */
    static void configure(Path socket) {
        if (!Files.exists(socket)) {
            LOG.info("BIRD is not running (no socket {}): it reads the include when it starts", socket);
            return;
        }
        Result result = run(List.of("birdc", "-s", socket.toString(), "configure"));
        if (result.ok() && result.output().contains("Reconfigured")) {
            LOG.info("BIRD reconfigured (birdc -s {} configure)", socket);
        } else {
            LOG.error("birdc -s {} configure failed: {}; BIRD keeps its old configuration", socket,
                    result.output().strip().replace('\n', ' '));
        }
    }

    /** Whether a BIRD answers on {@code socket} ({@code birdc -s SOCKET show status}). */
    static boolean answers(Path socket) {
        return Files.exists(socket) && run(List.of("birdc", "-s", socket.toString(), "show", "status")).ok();
    }

    /** Whether birdc is installed (on the PATH). */
    static boolean installed() {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "birdc"))) {
                return true;
            }
        }
        return false;
    }

    record Result(boolean ok, String output) {}

    static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] output = process.getInputStream().readNBytes(64 * 1024);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(false, String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            return new Result(process.exitValue() == 0 && !text.contains("Unable to connect"), text);
        } catch (IOException e) {
            return new Result(false, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }
}
