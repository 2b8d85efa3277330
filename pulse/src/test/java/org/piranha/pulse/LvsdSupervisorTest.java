package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How pulse runs lvsd parked and tells it to go, with a stand-in lvsd (a Python script) that
 * records its arguments, the lines on its standard input and the signals it gets.
 */
class LvsdSupervisorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private LvsdSupervisor lvsd;

    private LvsdSupervisor supervisor() throws IOException {
        Path log = dir.resolve("lvsd.log");
        Path script = dir.resolve("lvsd");
        Files.writeString(script, String.join("\n",
                "#!/usr/bin/python3",
                "import os, signal, sys",
                "def say(text):",
                "    with open('" + log + "', 'a') as f:",
                "        f.write('%d %s\\n' % (os.getpid(), text))",
                "def term(n, f):",
                "    say('TERM')",
                "    sys.exit(0)",
                "signal.signal(signal.SIGTERM, term)",
                "signal.signal(signal.SIGHUP, lambda n, f: say('HUP'))",
                "say('started ' + ' '.join(sys.argv[1:]))",
                "for line in sys.stdin:",
                "    say('line ' + line.strip())",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new LvsdSupervisor(LvsdSupervisor.command(script.toString(), "/etc/lvs.cf", true, false), worker,
                new LvsdSupervisor.Listener() {
                    @Override
                    public void exited(long pid, int status) {
                        events.add("exited " + pid);
                    }

                    @Override
                    public void failedToStart(String reason) {
                        events.add("failed " + reason);
                    }

                    @Override
                    public void parked(long pid, boolean parked) {
                        events.add((parked ? "parked " : "unparked ") + pid);
                    }
                });
    }

    private List<String> log() throws IOException {
        Path log = dir.resolve("lvsd.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private String awaitLogged(String suffix) {
        await().atMost(WAIT).until(() -> log().stream().anyMatch(l -> l.endsWith(suffix)));
        try {
            return log().stream().filter(l -> l.endsWith(suffix)).findFirst().orElseThrow().split(" ")[0];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (lvsd != null) {
            lvsd.stop().get(30, TimeUnit.SECONDS);
        }
        worker.shutdownNow();
    }

    @Test
    void parkedThenToldToGo_oneProcessAllAlong() throws Exception {
        lvsd = supervisor();
        lvsd.park();
        String pid = awaitLogged("started --nodaemon -c /etc/lvs.cf --parked");
        lvsd.park(); // already parked: nothing
        lvsd.ensureRunning();
        awaitLogged("line go");
        lvsd.ensureRunning(); // running and no longer parked: nothing more
        lvsd.stop().get(30, TimeUnit.SECONDS);
        assertThat(log()).containsExactly(pid + " started --nodaemon -c /etc/lvs.cf --parked", pid + " line go",
                pid + " TERM");
        assertThat(events).containsExactly("parked " + pid, "unparked " + pid);
    }

    @Test
    void parkingStopsAnLvsdThatIsNotParked_andAReloadHupsOnlyAnLvsdStartedBeforeIt() throws Exception {
        lvsd = supervisor();
        lvsd.ensureRunning();
        String first = awaitLogged("started --nodaemon -c /etc/lvs.cf");
        long reloadedAt = System.nanoTime();
        lvsd.hangupUnlessStartedAfter(reloadedAt);
        awaitLogged("HUP");

        lvsd.park();
        String parked = awaitLogged("--parked");
        lvsd.hangupUnlessStartedAfter(reloadedAt); // started after that reload: it read the file itself
        lvsd.stop().get(30, TimeUnit.SECONDS);
        assertThat(log()).containsExactly(first + " started --nodaemon -c /etc/lvs.cf", first + " HUP",
                first + " TERM", parked + " started --nodaemon -c /etc/lvs.cf --parked", parked + " TERM");
        assertThat(events).as("no death reported: both were asked to stop").containsExactly("parked " + parked);
    }
}
