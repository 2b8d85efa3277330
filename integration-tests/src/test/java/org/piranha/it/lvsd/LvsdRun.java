package org.piranha.it.lvsd;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.piranha.it.support.ClassDataArchives;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Netns;

/**
 * The installed lvsd running in a director namespace with {@code -n} (its lines and its
 * nannies' on stdout), its lvs.cf in a file the test can rewrite, and ipvsadm as the oracle.
 */
final class LvsdRun implements AutoCloseable {

    /** Generous: a JVM takes ~2 s to start under TCG, and lvsd starts one per real server. */
    static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern CREATE_MONITOR = Pattern.compile("create_monitor for (\\S+) running as pid (\\d+)");

    final Netns director;
    final Path config;
    final Daemon daemon;

    private LvsdRun(Netns director, Path config, Daemon daemon) {
        this.director = director;
        this.config = config;
        this.daemon = daemon;
    }

    /** Writes {@code lvsCf} and starts {@code lvsd -n -c FILE EXTRA...} in {@code director}. */
    static LvsdRun start(Netns director, String lvsCf, String... extra) {
        return start(director, Path.of(Installed.sbin("lvsd")), lvsCf, extra);
    }

    /** Like {@link #start(Netns, String, String...)}, with another lvsd (a symlink elsewhere finds its nanny beside it). */
    static LvsdRun start(Netns director, Path lvsd, String lvsCf, String... extra) {
        try {
            Path dir = Files.createTempDirectory("lvsd-it");
            Path config = dir.resolve("lvs.cf");
            Files.writeString(config, lvsCf, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(lvsd.toString(), "-n", "-c", config.toString()));
            command.addAll(List.of(extra));
            ProcessBuilder builder = director.process(command.toArray(String[]::new));
            builder.environment().put("PIRANHA_CDS_DIR", ClassDataArchives.dir().toString());
            return new LvsdRun(director, config, Daemon.start("lvsd", builder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String awaitLine(String text) {
        return daemon.awaitLine(text, WAIT);
    }

    /** Waits for a line containing {@code text} printed after the first {@code mark} lines. */
    String awaitLineAfter(int mark, String text) {
        return daemon.awaitLineAfter(mark, line -> line.contains(text), "a line containing \"" + text + "\"", WAIT);
    }

    int mark() {
        return daemon.lineCount();
    }

    boolean printed(String text) {
        return daemon.lines().stream().anyMatch(line -> line.contains(text));
    }

    /**
     * The pid of the nanny lvsd started last for SERVICE/SERVER, from its create_monitor line;
     * waits for the first such line (lvsd starts its nannies after the table is in).
     */
    long nannyPid(String serviceSlashServer) {
        daemon.awaitLine(line -> {
            Matcher m = CREATE_MONITOR.matcher(line);
            return m.find() && m.group(1).equals(serviceSlashServer);
        }, "a create_monitor line for " + serviceSlashServer, WAIT);
        long pid = -1;
        for (String line : daemon.lines()) {
            Matcher m = CREATE_MONITOR.matcher(line);
            if (m.find() && m.group(1).equals(serviceSlashServer)) {
                pid = Long.parseLong(m.group(2));
            }
        }
        if (pid < 0) {
            throw new AssertionError("lvsd printed no create_monitor line for " + serviceSlashServer + ":\n"
                    + String.join("\n", daemon.lines()));
        }
        return pid;
    }

    /** The nanny pids of every create_monitor line so far, by SERVICE/SERVER (the latest wins). */
    Map<String, Long> nannyPids() {
        Map<String, Long> pids = new java.util.TreeMap<>();
        for (String line : daemon.lines()) {
            Matcher m = CREATE_MONITOR.matcher(line);
            if (m.find()) {
                pids.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return pids;
    }

    List<String> table() {
        return Ipvsadm.list(director);
    }

    void awaitTable(String... expected) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(table())
                        .as("ipvsadm -Ln; lvsd printed:\n" + String.join("\n", daemon.lines()))
                        .containsExactly(expected));
    }

    /** Rewrites lvs.cf, sends HUP and waits until lvsd has read it; returns the mark before. */
    int reload(String lvsCf) {
        try {
            Files.writeString(config, lvsCf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int mark = mark();
        daemon.signal("HUP");
        awaitLineAfter(mark, "rereading configuration file");
        return mark;
    }

    /** TERM, and the exit status. */
    int stop() {
        daemon.signal("TERM");
        return daemon.awaitExit(WAIT);
    }

    @Override
    public void close() {
        daemon.close();
    }
}
