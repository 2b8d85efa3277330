package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LvsdRestartsTest {

    private static final long S = 1_000_000_000L;

    private final LvsdRestarts restarts = new LvsdRestarts();

    /** lvsd dies as soon as it is started again: each death comes right after the last delay. */
    private List<Duration> delaysOfQuickDeaths(int deaths) {
        List<Duration> delays = new ArrayList<>();
        long now = 100 * S;
        for (int i = 0; i < deaths; i++) {
            LvsdRestarts.Restart restart = restarts.died(now);
            delays.add(restart.delay());
            now += restart.delay().toNanos() + S / 2;
        }
        return delays;
    }

    @Test
    void delaysStartAtOneSecondAndDoubleUpToThirtySeconds() {
        assertThat(delaysOfQuickDeaths(9)).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void staysAtThirtySecondsHoweverLongItKeepsDying() {
        assertThat(delaysOfQuickDeaths(200)).last().isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void saysItKeepsDyingFromTheFifthDeathInARow() {
        long now = 0;
        for (int i = 1; i <= 6; i++) {
            LvsdRestarts.Restart restart = restarts.died(now);
            assertThat(restart.deathsInARow()).isEqualTo(i);
            assertThat(restart.keepsDying()).as("death %d", i).isEqualTo(i >= 5);
            now += restart.delay().toNanos() + S;
        }
    }

    @Test
    void anLvsdThatRanAMinuteCountsAsHealthyAgain() {
        delaysOfQuickDeaths(5);
        LvsdRestarts.Restart later = restarts.died(10_000 * S);
        assertThat(later.delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(later.deathsInARow()).isEqualTo(1);
        assertThat(later.keepsDying()).isFalse();
    }

    @Test
    void aDeathWithinAMinuteOfItsRestartStillCounts() {
        LvsdRestarts.Restart first = restarts.died(0);
        LvsdRestarts.Restart second = restarts.died(first.delay().toNanos() + 59 * S);
        assertThat(second.deathsInARow()).isEqualTo(2);
        assertThat(second.delay()).isEqualTo(Duration.ofSeconds(2));
    }
}
