package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real child processes (sh standing in for nanny): output in order, exit after the last line, stopping. */
class NannyProcessTest {

    static final class Recorder implements Nanny.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void line(Nanny nanny, String line) {
            events.add("out " + line);
        }

        @Override
        public void stderr(Nanny nanny, String line) {
            events.add("err " + line);
        }

        @Override
        public void exited(Nanny nanny, int status) {
            events.add("exit " + status);
        }
    }

    @Test
    void linesArriveInOrderAndTheExitAfterTheLastOne() throws Exception {
        Recorder recorder = new Recorder();
        Nanny nanny = NannyProcess.start(List.of("sh", "-c",
                "echo ready; echo 'up weight=1'; echo oops >&2; echo down; exit 7"), recorder);
        assertThat(nanny.exited().get(10, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(recorder.events.stream().filter(e -> !e.startsWith("err")).toList())
                .containsExactly("out ready", "out up weight=1", "out down", "exit 7");
        awaitEvent(recorder, "err oops");
    }

    @Test
    void stoppingBeforeReadyOnlyClosesStandardInput() throws Exception {
        Recorder recorder = new Recorder();
        Nanny nanny = NannyProcess.start(List.of("sh", "-c",
                "trap 'echo TERM; exit 15' TERM; echo started; cat >/dev/null; echo 'stdin closed'"), recorder);
        awaitEvent(recorder, "out started");
        nanny.stop();
        assertThat(nanny.exited().get(10, TimeUnit.SECONDS)).isZero();
        assertThat(recorder.events).contains("out stdin closed").doesNotContain("out TERM");
    }

    @Test
    void stoppingAfterReadySendsTerm() throws Exception {
        Recorder recorder = new Recorder();
        Nanny nanny = NannyProcess.start(List.of("sh", "-c",
                "trap 'echo TERM; exit 0' TERM; echo ready; while :; do sleep 0.05; done"), recorder);
        awaitEvent(recorder, "out ready");
        nanny.ready();
        nanny.stop();
        assertThat(nanny.exited().get(10, TimeUnit.SECONDS)).isZero();
        assertThat(recorder.events).contains("out TERM");
    }

    private static void awaitEvent(Recorder recorder, String event) {
        await(event).atMost(Duration.ofSeconds(10)).until(() -> recorder.events.contains(event));
    }
}
