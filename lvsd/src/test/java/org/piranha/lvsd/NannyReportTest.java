package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.piranha.daemon.Severity;

class NannyReportTest {

    @Test
    void theProtocolsLines() {
        assertThat(NannyReport.parse("ready")).isEqualTo(new NannyReport.Ready());
        assertThat(NannyReport.parse("up weight=12")).isEqualTo(new NannyReport.Up(12));
        assertThat(NannyReport.parse("up weight=0")).isEqualTo(new NannyReport.Up(0));
        assertThat(NannyReport.parse("down")).isEqualTo(new NannyReport.Down());
        assertThat(NannyReport.parse("quiesce")).isEqualTo(new NannyReport.Quiesce());
        assertThat(NannyReport.parse("log info [ active ] making 10.0.0.1:80 available"))
                .isEqualTo(new NannyReport.Log(Severity.INFO, "[ active ] making 10.0.0.1:80 available"));
        assertThat(NannyReport.parse("log err /sbin/ipvsadm command failed!"))
                .isEqualTo(new NannyReport.Log(Severity.ERR, "/sbin/ipvsadm command failed!"));
        assertThat(NannyReport.parse("checked ok us=1234")).isEqualTo(new NannyReport.Checked(true, 1234));
        assertThat(NannyReport.parse("checked failed us=0")).isEqualTo(new NannyReport.Checked(false, 0));
    }

    @Test
    void aWeightIsPlainAsciiDigitsOnly() {
        // found by NannyReportFuzzTest: Integer.parseInt took "-0" (and takes "+5", "007" and
        // other scripts' digits), none of which nanny writes
        for (String weight : new String[] {"-0", "+5", "007", "\u0665", "2147483648", "99999999999"}) {
            String line = "up weight=" + weight;
            assertThat(NannyReport.parse(line)).as(line).isEqualTo(new NannyReport.Unknown(line));
        }
        assertThat(NannyReport.parse("up weight=0")).isEqualTo(new NannyReport.Up(0));
        assertThat(NannyReport.parse("up weight=2147483647")).isEqualTo(new NannyReport.Up(Integer.MAX_VALUE));
    }

    @Test
    void anythingElseIsUnknownNeverAnError() {
        for (String line : new String[] {"", "up", "up weight=", "up weight=-1", "up weight=x", "log", "log info",
                "log loud hello", "Ready", "down now",
                "checked", "checked ok", "checked ok us=", "checked ok us=-1", "checked maybe us=5",
                "checked failed us=0012", "checked ok us=1234567890123456", "[ active ] making 10.0.0.1:80 available"}) {
            assertThat(NannyReport.parse(line)).as(line).isEqualTo(new NannyReport.Unknown(line));
        }
    }
}
