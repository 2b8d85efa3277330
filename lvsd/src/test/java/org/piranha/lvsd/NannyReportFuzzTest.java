package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Jazzer: any line on a nanny's stdout (a client_monitor that is not ours may print anything)
 * through lvsd's report parser. It must never throw; a weight it accepts is not negative and an
 * {@code up} line it accepts names exactly that weight. Without JAZZER_FUZZ this runs
 * NannyReportFuzzTestInputs.
 */
class NannyReportFuzzTest {

    /** Far longer than any input takes, even the first, which loads and instruments classes. */
    private static final int HANG_SECONDS = 30;

    /** One input's run, on a thread of its own, so that a hang fails (JUnit's @Timeout bounds the whole run). */
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz input");
        t.setDaemon(true);
        return t;
    });

    @FuzzTest(maxDuration = "10s")
    void anyLineIsUnderstoodOrUnknownNeverAnException(byte[] data) throws Exception {
        try {
            RUNNER.submit(() -> parse(data)).get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a line of " + data.length + " bytes took over " + HANG_SECONDS + " s");
        }
    }

    private static void parse(byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        NannyReport report = NannyReport.parse(line);
        assertThat(report).isNotNull();
        if (report instanceof NannyReport.Up up) {
            assertThat(up.weight()).isNotNegative();
            assertThat(line).isEqualTo("up weight=" + up.weight()).as("no other spelling is accepted");
        } else if (report instanceof NannyReport.Unknown unknown) {
            assertThat(unknown.line()).isEqualTo(line);
        }
    }
}
