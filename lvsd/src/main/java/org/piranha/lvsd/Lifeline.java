package org.piranha.lvsd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * lvsd lives only as long as the pulse that started it. pulse keeps a pipe to lvsd's standard
 * input open and writes nothing to it: when pulse dies, even by SIGKILL, the pipe ends. As a
 * second line, lvsd notices when it is re-parented (its parent died). Standard input that is not a
 * pipe or socket (a terminal, /dev/null: lvsd run by hand) is not watched, nor is a parent that
 * is init already.
 */
final class Lifeline {

    private Lifeline() {}

    /** Calls {@code gone} on the loop, with the reason, when pulse goes away. */
    static void watch(EventLoop loop, Consumer<String> gone) {
        if (stdinIsPipe()) {
            Thread watcher = new Thread(null, () -> {
                InputStream in = System.in;
                byte[] ignored = new byte[256];
                try {
                    while (in.read(ignored) >= 0) {
                        // pulse writes nothing; anything written is ignored
                    }
                } catch (IOException e) {
                    // treated as the end of the pipe
                }
                loop.execute(() -> gone.accept("standard input closed (pulse is gone): shutting down"));
            }, "stdin-watch", 64 * 1024);
            watcher.setDaemon(true);
            watcher.start();
        }
        long parent = parentPid();
        if (parent > 1) {
            loop.every(Duration.ofSeconds(1), () -> {
                if (parentPid() != parent) {
                    gone.accept("parent process " + parent + " (pulse) is gone: shutting down");
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
