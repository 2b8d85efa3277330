package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

class SeverityTest {

    @Test
    void logbackLevelsMapToJournaldNumbers() {
        assertThat(Severity.of(Level.ERROR).code()).isEqualTo(3);
        assertThat(Severity.of(Level.WARN).code()).isEqualTo(4);
        assertThat(Severity.of(Level.INFO).code()).isEqualTo(6);
        assertThat(Severity.of(Level.DEBUG).code()).isEqualTo(7);
        assertThat(Severity.of(Level.TRACE).code()).isEqualTo(7);
    }

    @Test
    void parsesNannysLevelNames() {
        assertThat(Severity.parse("err")).isEqualTo(Severity.ERR);
        assertThat(Severity.parse("warning")).isEqualTo(Severity.WARNING);
        assertThat(Severity.parse("info")).isEqualTo(Severity.INFO);
        assertThat(Severity.parse("debug")).isEqualTo(Severity.DEBUG);
        assertThat(Severity.parse("WARN")).isEqualTo(Severity.WARNING);
        assertThatThrownBy(() -> Severity.parse("loud"))
                .hasMessage("unknown log level 'loud' (expected err, warning, info or debug)");
    }
}
