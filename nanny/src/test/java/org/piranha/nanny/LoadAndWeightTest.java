package org.piranha.nanny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadAndWeightTest {

    @Test
    void parsesUptimeRupAndRuptime() throws LoadProbe.LoadException {
        assertThat(LoadProbe.parse(" 10:01:02 up 3 days,  2:03,  1 user,  load average: 0.52,"
                + " 0.58, 0.59\n")).isEqualTo(0.52);
        assertThat(LoadProbe.parse("rs1     up  3 days,  2:03,     load average: 1.25, 0.50,"
                + " 0.10\n")).isEqualTo(1.25);
        assertThat(LoadProbe.parse("rs1       up  3+02:03,     1 user,  load 2.00, 1.00,"
                + " 0.50\n")).isEqualTo(2.0);
    }

    @Test
    void rejectsOutputWithoutALoadAverage() {
        assertThatThrownBy(() -> LoadProbe.parse("ssh: connect to host rs1 port 22: refused"))
                .hasMessage("bad load average returned: ssh: connect to host rs1 port 22:"
                        + " refused");
        assertThatThrownBy(() -> LoadProbe.parse("load average: 0.5")).hasMessageStartingWith(
                "bad load average returned");
    }

    @Test
    void probesWithPiranhasCommands() {
        CommandRunner runner = new CommandRunner();
        assertThat(new LoadProbe("rsh", "10.0.0.1", runner).command())
                .containsExactly("rsh", "10.0.0.1", "uptime");
        assertThat(new LoadProbe("ssh", "10.0.0.1", runner).command())
                .containsExactly("ssh", "10.0.0.1", "uptime");
        assertThat(new LoadProbe("rup", "10.0.0.1", runner).command())
                .containsExactly("rup", "10.0.0.1");
        assertThat(new LoadProbe("ruptime", "10.0.0.1", runner).command())
                .containsExactly("ruptime", "10.0.0.1");
    }

    @Test
    void slowStartDoublesFromAThirtySecond() {
        WeightPolicy w = new WeightPolicy(100, 10);
        assertThat(w.initial()).isEqualTo(3);
        int weight = w.initial();
        StringBuilder steps = new StringBuilder().append(weight);
        while (w.slowStarting(weight)) {
            weight = w.slowStartStep(weight);
            steps.append(' ').append(weight);
        }
        assertThat(steps).hasToString("3 6 12 24 48 96 100");
        assertThat(new WeightPolicy(8, 10).initial()).as("at least 1").isEqualTo(1);
        assertThat(new WeightPolicy(0, 10).initial()).as("a weight of 0 stays 0").isZero();
    }

    @Test
    void loadMovesTheWeightBetweenWeightAndScaleTimesWeight() {
        WeightPolicy w = new WeightPolicy(8, 10);
        assertThat(w.forLoad(8, 0.0)).isEqualTo(12); // 8 + 4 * cbrt(1)
        assertThat(w.forLoad(78, 0.0)).as("capped at scale * weight").isEqualTo(80);
        assertThat(w.forLoad(40, 9.0)).isEqualTo(32); // 40 - 4 * cbrt(8)
        assertThat(w.forLoad(10, 9.0)).as("never below the weight").isEqualTo(8);
        assertThat(w.forLoad(20, 1.0)).isEqualTo(20);
        assertThat(w.forLoad(20, 0.99)).as("changes under w/4 are not applied").isEqualTo(20);
    }
}
