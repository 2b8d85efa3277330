package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheFirstDelayUpToTheMaximum() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(Backoff.CHILD_RESTART::after).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void staysAtTheMaximumHoweverManyFailures() {
        assertThat(Backoff.CHILD_RESTART.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void countsFailuresFromOne() {
        assertThatThrownBy(() -> Backoff.CHILD_RESTART.after(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
