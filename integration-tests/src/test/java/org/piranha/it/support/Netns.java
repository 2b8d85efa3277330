package org.piranha.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace that a test made and deletes again. Names start with "pj-" and the test
 * JVM's pid, so parallel runs never touch each other's namespaces.
 */
public final class Netns implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates a namespace for the given role ("lb1", "client", ...) with loopback up. */
    public static Netns create(String role) {
        String name = "pj-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + role;
        Sh.ok("ip", "netns", "add", name);
        Netns netns = new Netns(name);
        netns.ok("ip", "link", "set", "lo", "up");
        return netns;
    }

    public String name() {
        return name;
    }

    /**
     * The command prefixed so that it runs inside this namespace. {@code ip} itself gets
     * {@code ip -n}, which saves an exec: a third of the time of each call under the IPVS VM.
     */
    public List<String> wrap(String... command) {
        List<String> wrapped = new ArrayList<>();
        if (command.length > 0 && command[0].equals("ip")) {
            wrapped.addAll(List.of("ip", "-n", name));
            wrapped.addAll(List.of(command).subList(1, command.length));
        } else {
            wrapped.addAll(List.of("ip", "netns", "exec", name));
            wrapped.addAll(List.of(command));
        }
        return wrapped;
    }

    public Sh.Result run(String... command) {
        return Sh.run(wrap(command));
    }

    /** Runs the command in this namespace, fails unless it exits 0, and returns its stdout. */
    public String ok(String... command) {
        return Sh.run(wrap(command)).orThrow().out();
    }

    /** A process builder for a long-running program inside this namespace. */
    public ProcessBuilder process(String... command) {
        return new ProcessBuilder(wrap(command));
    }

    @Override
    public void close() {
        Sh.run("ip", "netns", "pids", name).out().lines()
                .forEach(pid -> Sh.run("kill", "-9", pid.trim()));
        Sh.run("ip", "netns", "del", name);
    }

    @Override
    public String toString() {
        return name;
    }
}
