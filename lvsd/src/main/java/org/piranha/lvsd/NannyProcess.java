package org.piranha.lvsd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A nanny as a child process. Its standard input is a pipe whose write end lvsd keeps open and
 * never writes to: nanny exits when it closes, so nannies never outlive lvsd, even one killed by
 * SIGKILL. Two small threads read its standard output (the report protocol) and standard error.
 */
final class NannyProcess implements Nanny {

    /** A nanny asked to stop that has not exited after this long is killed. */
    static final Duration GRACE = Duration.ofSeconds(10);
    private static final long READER_STACK = 256 * 1024;

    private final Process process;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private boolean ready;
    private boolean stopping;

    private NannyProcess(Process process) {
        this.process = process;
    }

    /** The launcher for real nannies. */
    static Nanny.Launcher launcher() {
        return NannyProcess::start;
    }

    static Nanny start(List<String> argv, Nanny.Listener listener) throws IOException {
        Process process = new ProcessBuilder(argv).start();
        NannyProcess nanny = new NannyProcess(process);
        String name = "nanny " + process.pid();
        reader(name + " stdout", process.getInputStream(), line -> listener.line(nanny, line), () -> {
            int status = waitFor(process);
            listener.exited(nanny, status);
            nanny.exited.complete(status);
        });
        reader(name + " stderr", process.getErrorStream(), line -> listener.stderr(nanny, line), () -> {});
        return nanny;
    }

    private static void reader(String name, InputStream stream, Consumer<String> lines, Runnable atEnd) {
        Thread thread = new Thread(null, () -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the pipe broke: the process is gone
            }
            atEnd.run();
        }, name, READER_STACK);
        thread.setDaemon(true);
        thread.start();
    }

    private static int waitFor(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the exit status is needed
            }
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public synchronized void ready() {
        ready = true;
        if (stopping) {
            terminate();
        }
    }

    @Override
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (ready) {
            terminate();
        } else {
            closeStandardInput();
        }
        CompletableFuture.delayedExecutor(GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            closeStandardInput();
            if (process.isAlive()) {
                process.toHandle().destroyForcibly();
            }
        });
    }

    /**
     * A nanny that is not ready yet must not be signalled, but it exits at the end of its
     * standard input. A ready one gets TERM alone, so that it logs Piranha's "Terminating due to
     * signal 15" rather than racing it with the end of its input.
     */
    private void closeStandardInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
    }

    /**
     * SIGTERM through the process handle: Process.destroy() would also close the pipes, losing
     * nanny's last lines ("Terminating due to signal 15", its final "down").
     */
    private void terminate() {
        process.toHandle().destroy();
    }

    @Override
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    @Override
    public String toString() {
        return "nanny[" + pid() + "]";
    }
}
