package org.piranha.lvsd;

import java.util.concurrent.CompletableFuture;

/** One running nanny process, as lvsd drives it. */
interface Nanny {

    long pid();

    /**
     * Its {@code ready} line arrived: its signal handlers are installed, so it may be signalled
     * from now on (an earlier signal would kill the JVM before it could report anything).
     */
    void ready();

    /**
     * Asks it to stop, without waiting: its standard input is closed (nanny exits at end of file)
     * and, once it has reported ready, it gets TERM. One that is still running after a grace
     * period is killed. Calling it again does nothing.
     */
    void stop();

    /** Completes with its exit status once it has exited and everything it printed has been read. */
    CompletableFuture<Integer> exited();

    /** Starts nannies; their output and exit come back through a {@link Listener}. */
    interface Launcher {
        /** Starts {@code argv}; fails when the program cannot be run at all. */
        Nanny start(java.util.List<String> argv, Listener listener) throws java.io.IOException;
    }

    /** What a nanny prints and when it ends. Each nanny's calls come in order, from any thread. */
    interface Listener {
        /** A line of its standard output: the report protocol. */
        void line(Nanny nanny, String line);

        /** A line of its standard error. */
        void stderr(Nanny nanny, String line);

        /** It exited, after its last standard output line. */
        void exited(Nanny nanny, int status);
    }
}
