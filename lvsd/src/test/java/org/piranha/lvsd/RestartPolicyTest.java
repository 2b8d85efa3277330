package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void delaysDoubleAndTheFifthDeathInAMinuteGivesUp() {
        RestartPolicy policy = new RestartPolicy();
        assertThat(policy.onDeath(T0).delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.onDeath(T0.plusSeconds(2)).delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.onDeath(T0.plusSeconds(5)).delay()).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.onDeath(T0.plusSeconds(10)).delay()).isEqualTo(Duration.ofSeconds(8));
        RestartPolicy.Decision fifth = policy.onDeath(T0.plusSeconds(59));
        assertThat(fifth.giveUp()).isTrue();
        assertThat(fifth.recentDeaths()).isEqualTo(5);
    }

    @Test
    void deathsOlderThanAMinuteAreForgotten() {
        RestartPolicy policy = new RestartPolicy();
        for (int i = 0; i < 20; i++) {
            RestartPolicy.Decision decision = policy.onDeath(T0.plusSeconds(20L * i));
            assertThat(decision.giveUp()).as("death %d", i).isFalse();
            assertThat(decision.recentDeaths()).isLessThanOrEqualTo(3);
        }
    }
}
