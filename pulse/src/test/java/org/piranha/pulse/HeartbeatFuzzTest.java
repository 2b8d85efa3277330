package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Jazzer: any datagram through the heartbeat decoder, as anyone on the segment can send. It must
 * classify every one (never throw), leave the buffer as it was, and a beat it accepts must be
 * exactly what the encoder writes. Without JAZZER_FUZZ this runs HeartbeatFuzzTestInputs.
 */
class HeartbeatFuzzTest {

    /** Far longer than any input takes, even the first, which loads and instruments classes. */
    private static final int HANG_SECONDS = 30;

    /** One input's run, on a thread of its own, so that a hang fails (JUnit's @Timeout bounds the whole run). */
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz input");
        t.setDaemon(true);
        return t;
    });

    @FuzzTest(maxDuration = "10s")
    void anyDatagramIsClassifiedNeverAnException(byte[] data) throws Exception {
        try {
            RUNNER.submit(() -> decode(data)).get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a datagram of " + data.length + " bytes took over " + HANG_SECONDS + " s");
        }
    }

    private static void decode(byte[] data) {
        ByteBuffer datagram = ByteBuffer.wrap(data);
        HeartbeatCodec.Decoded decoded = HeartbeatCodec.decode(datagram);
        assertThat(datagram.remaining()).isEqualTo(data.length);
        if (data.length != HeartbeatCodec.LENGTH) {
            assertThat(decoded).isEqualTo(new HeartbeatCodec.Decoded.BadLength(data.length));
        } else if (decoded instanceof HeartbeatCodec.Decoded.Beat beat) {
            assertThat(HeartbeatCodec.encode(beat.heartbeat())).isEqualTo(data);
        } else {
            assertThat(decoded).isInstanceOf(HeartbeatCodec.Decoded.Incompatible.class);
        }
    }
}
