package org.piranha.lvsd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A launcher of pretend nannies: the test plays their reports and deaths. */
final class FakeNannies implements Nanny.Launcher {

    static final class Fake implements Nanny {
        final List<String> argv;
        final long pid;
        final Nanny.Listener listener;
        boolean ready;
        boolean stopped;
        boolean terminated;
        final CompletableFuture<Integer> exited = new CompletableFuture<>();

        Fake(List<String> argv, long pid, Nanny.Listener listener) {
            this.argv = argv;
            this.pid = pid;
            this.listener = listener;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public void ready() {
            ready = true;
            if (stopped) {
                terminated = true;
            }
        }

        @Override
        public void stop() {
            stopped = true;
            terminated = ready;
            exited.complete(0);
        }

        @Override
        public CompletableFuture<Integer> exited() {
            return exited;
        }

        /** The nanny prints a protocol line. */
        Fake says(String line) {
            listener.line(this, line);
            return this;
        }

        /** The nanny prints a line on its standard error. */
        Fake warns(String line) {
            listener.stderr(this, line);
            return this;
        }

        Fake up(int weight) {
            return says("up weight=" + weight);
        }

        Fake down() {
            return says("down");
        }

        /** The nanny dies with this status. */
        void dies(int status) {
            exited.complete(status);
            listener.exited(this, status);
        }

        String server() {
            return argv.get(argv.indexOf("-h") + 1);
        }

        boolean running() {
            return !stopped && !exited.isDone();
        }
    }

    final List<Fake> started = new ArrayList<>();
    private long nextPid = 1000;
    /** When set, starting fails as if the program did not exist. */
    boolean failStarts;

    @Override
    public Nanny start(List<String> argv, Nanny.Listener listener) throws java.io.IOException {
        if (failStarts) {
            throw new java.io.IOException("Cannot run program \"" + argv.get(0) + "\": error=2, No such file or directory");
        }
        Fake fake = new Fake(argv, nextPid++, listener);
        started.add(fake);
        return fake;
    }

    /** The running nanny of real server {@code address}. */
    Fake of(String address) {
        return started.stream().filter(f -> f.server().equals(address) && f.running()).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no running nanny for " + address + " among " + started.size()));
    }

    long startsFor(String address) {
        return started.stream().filter(f -> f.server().equals(address)).count();
    }
}
