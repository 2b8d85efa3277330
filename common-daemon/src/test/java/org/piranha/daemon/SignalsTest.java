package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real signals sent to this JVM with kill(1). */
class SignalsTest {

    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "daemon-loop"));
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        loop.shutdownNow();
    }

    private static void kill(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid()))
                .inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    @Test
    void signalsReachTheHandlerOnTheDaemonsThread() throws Exception {
        try (Signals signals = Signals.route(loop, signal -> received.add(signal + " on " + Thread.currentThread().getName()),
                DaemonSignal.HUP, DaemonSignal.USR2)) {
            kill("HUP");
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("HUP on daemon-loop");
            kill("USR2");
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("USR2 on daemon-loop");
        }
    }

    @Test
    void ignoredSignalsDoNotKill() throws Exception {
        try (Signals ignored = Signals.ignore(DaemonSignal.USR1);
                Signals marker = Signals.route(loop, signal -> received.add(signal.name()), DaemonSignal.USR2)) {
            kill("USR1");
            kill("USR2"); // delivered after USR1: once it arrives, USR1 has been dealt with
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("USR2");
            assertThat(received).isEmpty();
        }
    }

    @Test
    void numbersAreLinuxs() {
        assertThat(DaemonSignal.HUP.number()).isEqualTo(1);
        assertThat(DaemonSignal.INT.number()).isEqualTo(2);
        assertThat(DaemonSignal.USR1.number()).isEqualTo(10);
        assertThat(DaemonSignal.USR2.number()).isEqualTo(12);
        assertThat(DaemonSignal.TERM.number()).isEqualTo(15);
    }
}
