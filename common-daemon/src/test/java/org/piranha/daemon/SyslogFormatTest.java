package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class SyslogFormatTest {

    @Test
    void rfc3164WithSpacePaddedDay() {
        assertThat(SyslogFormat.message(SyslogFormat.FACILITY_DAEMON, Severity.INFO,
                LocalDateTime.of(2026, 11, 4, 8, 5, 9), "pulse", 10082, "STARTING PULSE AS MASTER"))
                .isEqualTo("<30>Nov  4 08:05:09 pulse[10082]: STARTING PULSE AS MASTER");
        assertThat(SyslogFormat.message(SyslogFormat.FACILITY_DAEMON, Severity.ERR,
                LocalDateTime.of(2026, 5, 24, 18, 21, 56), "lvsd", 7, "x"))
                .isEqualTo("<27>May 24 18:21:56 lvsd[7]: x");
    }

    @Test
    void priorityIsDaemonFacilityTimesEightPlusSeverity() {
        LocalDateTime time = LocalDateTime.of(2026, 1, 1, 0, 0);
        assertThat(SyslogFormat.message(3, Severity.WARNING, time, "n", 1, "")).startsWith("<28>");
        assertThat(SyslogFormat.message(3, Severity.DEBUG, time, "n", 1, "")).startsWith("<31>");
    }
}
