package org.piranha.lvsd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * lvsd lives only as long as the pulse that started it. pulse keeps a pipe to lvsd's standard
 * input open: when pulse dies, even by SIGKILL, the pipe ends. pulse writes one line to it only
 * to a parked lvsd ({@code go}, see {@link Lvsd}); every line is handed on, and lvsd ignores
 * what it does not know. As a
 * second line, lvsd notices when it is re-parented (its parent died). Standard input that is not a
 * pipe or socket (a terminal, /dev/null: lvsd run by hand) is not watched, nor is a parent that
 * is init already.
 */
final class Lifeline {

    private Lifeline() {}

    /** Calls {@code gone} on the loop, with the reason, when pulse goes away. */
    static void watch(EventLoop loop, Consumer<String> gone) {
        watch(loop, gone, line -> { });
    }

    /**
     * Calls {@code gone} on the loop, with the reason, when pulse goes away, and {@code lines}
     * on the loop with each line pulse writes (without its end of line).
     */
    static void watch(EventLoop loop, Consumer<String> gone, Consumer<String> lines) {
        if (stdinIsPipe()) {
            Thread watcher = new Thread(null, () -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        String read = line;
                        loop.execute(() -> lines.accept(read));
                    }
                } catch (IOException e) {
                    // treated as the end of the pipe
                }
                loop.execute(() -> gone.accept("standard input closed (pulse is gone)"));
            }, "stdin-watch", 64 * 1024);
            watcher.setDaemon(true);
            watcher.start();
        }
        long parent = parentPid();
        if (parent > 1) {
            loop.every(Duration.ofSeconds(1), () -> {
                if (parentPid() != parent) {
                    gone.accept("parent process " + parent + " (pulse) is gone");
                }
            });
        }
    }

    private static long parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    static boolean stdinIsPipe() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return link.startsWith("pipe:") || link.startsWith("socket:");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
