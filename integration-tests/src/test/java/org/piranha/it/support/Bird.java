package org.piranha.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * BIRD 2 (Debian's bird2) running in the foreground in a network namespace, with its own control
 * socket and configuration file in {@code dir}, logging to its standard output so that a test
 * can await its lines. {@link #birdc} asks it questions as an operator would.
 */
public final class Bird implements AutoCloseable {

    private final Netns netns;
    private final Path socket;
    private final Daemon daemon;

    private Bird(Netns netns, Path socket, Daemon daemon) {
        this.netns = netns;
        this.socket = socket;
        this.daemon = daemon;
    }

    /** Starts {@code bird -f -s DIR/bird.ctl -c CONFIG} in {@code netns}; returns once birdc reaches it. */
    public static Bird start(Netns netns, Path config, Duration timeout) {
        Path socket = config.resolveSibling("bird.ctl");
        Daemon daemon = Daemon.start("bird in " + netns.name(),
                netns.process("bird", "-f", "-s", socket.toString(), "-c", config.toString()));
        Bird bird = new Bird(netns, socket, daemon);
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> !daemon.process().isAlive() || bird.run("show", "status").ok());
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
        if (!daemon.process().isAlive()) {
            throw new AssertionError("bird in " + netns.name() + " exited at start; it printed:\n"
                    + String.join("\n", daemon.lines()));
        }
        return bird;
    }

    /** Writes a BIRD configuration file: {@code text} into {@code dir/name}, creating {@code dir}. */
    public static Path writeConfig(Path dir, String name, String text) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path socket() {
        return socket;
    }

    public Daemon daemon() {
        return daemon;
    }

    /** {@code birdc -s SOCKET ARGS...}, whatever its status. */
    public Sh.Result run(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "birdc";
        command[1] = "-s";
        command[2] = socket.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return Sh.run(command);
    }

    /** {@code birdc -s SOCKET ARGS...}; fails unless it exits 0; returns what it printed. */
    public String birdc(String... args) {
        return run(args).orThrow().out();
    }

    /** Whether the protocol's state is "up" (for BGP: the session is established). */
    public boolean up(String protocol) {
        Sh.Result result = run("show", "protocols", protocol);
        return result.ok() && result.out().lines().anyMatch(line -> line.startsWith(protocol + " ")
                && line.split("\\s+").length > 3 && line.split("\\s+")[3].equals("up"));
    }

    /** kill -9: BIRD leaves its routes and sessions as they are, as when a machine dies. */
    public void kill() {
        daemon.signal("KILL");
        daemon.awaitExit(Duration.ofSeconds(30));
    }

    public boolean alive() {
        return daemon.process().isAlive();
    }

    public Netns netns() {
        return netns;
    }

    @Override
    public void close() {
        daemon.close();
    }
}
