package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Jazzer: any bytes as lvs.cf, through the loader (parser and validator). It must answer with
 * diagnostics, never throw, and list at most the first 50 errors and warnings (plus a count line
 * each); a file it accepts must survive the writer and read back to the same config. Without
 * JAZZER_FUZZ this runs the inputs in LvsConfigFuzzTestInputs (and every regression found).
 */
class LvsConfigFuzzTest {

    /**
     * Longer than any input takes, even the first (which loads and instruments the classes) on a
     * loaded machine: inputs are a few KiB, each read in microseconds.
     */
    private static final int HANG_SECONDS = 30;

    /** One input's run, on a thread of its own so that a hang fails instead of stalling. */
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz input");
        t.setDaemon(true);
        return t;
    });

    @FuzzTest(maxDuration = "10s")
    void anyBytesGetDiagnosticsNeverAnException(byte[] data) throws Exception {
        // JUnit's @Timeout would bound the whole fuzzing run, not one input
        try {
            RUNNER.submit(() -> load(data)).get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("an input of " + data.length + " bytes took over " + HANG_SECONDS
                    + " s: a hang");
        }
    }

    private static void load(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        LoadResult result = Cf.LOADER.load("lvs.cf", text);
        assertThat(result.errors().size()).isLessThanOrEqualTo(DiagnosticSink.LIMIT + 1);
        assertThat(result.warnings().size()).isLessThanOrEqualTo(DiagnosticSink.LIMIT + 1);
        assertThat(result.isValid()).isEqualTo(result.errors().isEmpty());
        if (result.isValid()) {
            LvsConfig config = result.config().orElseThrow();
            LoadResult again = Cf.LOADER.load("lvs.cf", LvsConfigWriter.write(config));
            assertThat(Cf.messages(again.errors())).as("the written config reads back").isEmpty();
            assertThat(again.config()).contains(config);
        }
    }
}
