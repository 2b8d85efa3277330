package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.piranha.pulse.status.ServerReports;

/** A cold standby's takeover waits for lvsd's table: on a report made since it began, or its bound. */
class TableWaitTest {

    final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    final AtomicReference<ServerReports> reports = new AtomicReference<>(ServerReports.NONE);
    final AtomicInteger raised = new AtomicInteger();

    @AfterEach
    void stop() {
        loop.shutdownNow();
    }

    private <T> T onLoop(Callable<T> call) throws Exception {
        return loop.submit(call).get();
    }

    private void onLoop(Runnable run) throws Exception {
        loop.submit(run).get();
    }

    private static ServerReports report(boolean ready, boolean serving) {
        return new ServerReports(Instant.now(), System.nanoTime(), ready, serving, Map.of());
    }

    @Test
    void endsOnTheFirstReportSinceItBeganThatTheTableServes() throws Exception {
        TableWait wait = new TableWait(loop, reports::get, Duration.ofMinutes(1));
        reports.set(report(true, true)); // made before the wait: an earlier lvsd's
        onLoop(() -> wait.await(raised::incrementAndGet));
        onLoop(wait::reported);
        assertThat(raised).as("a report from before the wait").hasValue(0);

        reports.set(report(false, false));
        onLoop(wait::reported);
        assertThat(raised).hasValue(0);
        assertThat(onLoop(wait::waiting)).isTrue();

        reports.set(report(false, true));
        onLoop(wait::reported);
        assertThat(raised).as("serving: ready is not needed").hasValue(1);
        assertThat(onLoop(wait::waiting)).isFalse();
        onLoop(wait::reported);
        assertThat(raised).as("once").hasValue(1);
    }

    @Test
    void endsAfterItsBoundWhateverLvsdSays() throws Exception {
        TableWait wait = new TableWait(loop, reports::get, Duration.ofMillis(200));
        onLoop(() -> wait.await(raised::incrementAndGet));
        await().atMost(Duration.ofSeconds(5)).until(() -> raised.get() == 1);
        reports.set(report(true, true));
        onLoop(wait::reported);
        assertThat(raised).hasValue(1);
    }

    @Test
    void aCancelledWaitNeverEndsAndANewWaitKeepsItsOwnBound() throws Exception {
        TableWait wait = new TableWait(loop, reports::get, Duration.ofMillis(300));
        AtomicInteger first = new AtomicInteger();
        onLoop(() -> wait.await(first::incrementAndGet));
        onLoop(wait::cancel);
        reports.set(report(true, true));
        onLoop(wait::reported);
        assertThat(first).hasValue(0);

        onLoop(() -> wait.await(raised::incrementAndGet));
        await().atMost(Duration.ofSeconds(5)).until(() -> raised.get() == 1);
        assertThat(first).as("the cancelled wait's bound passed too").hasValue(0);
    }
}
