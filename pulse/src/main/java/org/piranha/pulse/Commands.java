package org.piranha.pulse;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs lvs.cf's {@code active_cmd} and {@code inactive_cmd} as Piranha did: split on spaces,
 * executed directly (no shell), not waited for. Their output joins pulse's; a failure to start
 * or a non-zero exit is logged.
 */
final class Commands {

    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

    private Commands() {}

    /** The words of {@code command}, split on spaces as Piranha did (runs of spaces count as one). */
    static List<String> split(String command) {
        return Arrays.stream(command.trim().split(" +")).filter(word -> !word.isEmpty()).toList();
    }

    /** Starts {@code command}, the value of lvs.cf's {@code key}; returns at once. */
    static void run(String key, String command) {
        List<String> words = split(command);
        if (words.isEmpty()) {
            return;
        }
        LOG.debug("DEBUG -- Executing '{}'", String.join(" ", words));
        Process process;
        try {
            process = new ProcessBuilder(words).redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            LOG.error("cannot run {} '{}': {}", key, command, e.getMessage());
            return;
        }
        process.onExit().thenAccept(done -> {
            if (done.exitValue() != 0) {
                LOG.warn("{} '{}' (pid {}) exited with status {}", key, command, done.pid(), done.exitValue());
            }
        });
    }
}
