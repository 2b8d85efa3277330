package org.piranha.nanny;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * nanny lives only as long as the lvsd that started it. lvsd keeps a pipe to nanny's standard
 * input open and never writes to it; when lvsd dies, even by SIGKILL, the pipe reaches end of file
 * and nanny exits. As a second line, nanny exits when its parent process changes (it was
 * re-parented because its parent died). Standard input that is not a pipe or socket (a terminal
 * or /dev/null when nanny is run by hand) is not watched.
 */
final class Lifeline {

    private final long parent;

    Lifeline() {
        this.parent = parentPid();
    }

    private static long parentPid() {
        java.util.Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        return parent.isPresent() ? parent.get().pid() : -1;
    }

    /** Why nanny must go because its parent went, or null while the parent is there. */
    String parentGone() {
        if (parent <= 1) {
            return null;
        }
        return parentPid() == parent ? null
                : "parent process " + parent + " (lvsd) is gone: exiting";
    }

    /** When standard input is a pipe, stops the monitor and exits once the pipe ends. */
    static void watchStandardInput(Monitor monitor) {
        if (!stdinIsPipe()) {
            return;
        }
        Thread watcher = new Thread(null, new StdinWatch(monitor), "stdin-watch", 64 * 1024);
        watcher.setDaemon(true);
        watcher.start();
    }

    private static final class StdinWatch implements Runnable {
        private final Monitor monitor;

        StdinWatch(Monitor monitor) {
            this.monitor = monitor;
        }

        @Override
        public void run() {
            InputStream in = System.in;
            byte[] ignored = new byte[256];
            try {
                while (in.read(ignored) >= 0) {
                    // lvsd writes nothing; anything written is ignored
                }
            } catch (IOException e) {
                // treated as the end of the pipe
            }
            monitor.stop("standard input closed (lvsd is gone): exiting");
            System.exit(0);
        }
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
