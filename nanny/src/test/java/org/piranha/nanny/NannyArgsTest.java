package org.piranha.nanny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NannyArgsTest {

    private static NannyConfig run(String... args) throws UsageException {
        NannyArgs.Parsed parsed = NannyArgs.parse(args);
        assertThat(parsed.mode()).isEqualTo(NannyArgs.Mode.RUN);
        return parsed.config();
    }

    @Test
    void acceptsTheArgumentListLvsdBuilds() throws UsageException {
        // Piranha's lvsd argv, every optional part present (piranha.md §4.2).
        NannyConfig c = run("-c", "-h", "192.168.1.10", "-p", "80", "-r", "8080", "-f", "7",
                "-u", "-e", "/usr/local/bin/check %h %p", "-s", "ignored", "-x", "OK", "-q",
                "--regex", "-v", "-a", "15", "-I", "/sbin/ipvsadm", "-t", "0.5", "-w", "64",
                "-V", "10.6.1.214", "-M", "g", "-U", "ssh", "--nodaemon", "--lvs");
        assertThat(c.server()).isEqualTo("192.168.1.10");
        assertThat(c.virtualAddress()).isEqualTo("10.6.1.214");
        assertThat(c.virtualPort()).isEqualTo(80);
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.fwmark()).isEqualTo(7);
        assertThat(c.udp()).isTrue();
        assertThat(c.program()).isEqualTo("/usr/local/bin/check %h %p");
        assertThat(c.send()).as("send_program wins over send").isNull();
        assertThat(c.expect()).isEqualTo("OK");
        assertThat(c.quiesce()).isTrue();
        assertThat(c.regex()).isTrue();
        assertThat(c.verbose()).isTrue();
        assertThat(c.reentryMillis()).isEqualTo(15_000);
        assertThat(c.intervalMillis()).isEqualTo(500);
        assertThat(c.countThreshold()).isEqualTo(30);
        assertThat(c.weight()).isEqualTo(64);
        assertThat(c.loadCommand()).isEqualTo("ssh");
    }

    @Test
    void defaultsArePiranhas() throws UsageException {
        NannyConfig c = run("-h", "10.0.0.1", "-p", "25", "--lvs");
        assertThat(c.port()).as("rport defaults to the virtual port").isEqualTo(25);
        assertThat(c.intervalMillis()).isEqualTo(10_000);
        assertThat(c.reentryMillis()).isEqualTo(180_000);
        assertThat(c.countThreshold()).isEqualTo(18);
        assertThat(c.weight()).isEqualTo(1);
        assertThat(c.scale()).isEqualTo(10);
        assertThat(c.loadCommand()).isNull();
        assertThat(c.send()).isNull();
        assertThat(c.expect()).isNull();
        assertThat(c.virtualAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void parsesLikePopt() throws UsageException {
        NannyConfig c = run("-cqv", "-h10.0.0.1", "-t2", "--port=443", "--weight", "5",
                "-x", "-ERR", "--lvs");
        assertThat(c.quiesce()).isTrue();
        assertThat(c.verbose()).isTrue();
        assertThat(c.server()).isEqualTo("10.0.0.1");
        assertThat(c.intervalMillis()).isEqualTo(2000);
        assertThat(c.virtualPort()).isEqualTo(443);
        assertThat(c.weight()).isEqualTo(5);
        assertThat(c.expect()).as("a value may start with '-'").isEqualTo("-ERR");
        assertThat(run("-h", "10.0.0.1", "-p", "1", "-p", "2", "--lvs").virtualPort())
                .as("the last occurrence wins").isEqualTo(2);
    }

    @Test
    void webDefaultOnVirtualPort80() throws UsageException {
        NannyArgs.Parsed p = NannyArgs.parse("-h", "10.0.0.1", "-p", "80", "-r", "8080", "--lvs");
        assertThat(p.config().send()).isEqualTo("GET / HTTP/1.0\r\n\r\n");
        assertThat(p.config().expect()).isEqualTo("HTTP");
        assertThat(p.notices()).containsExactly(
                "no monitor configured, assuming web service on port 80");
        assertThat(NannyArgs.parse("-h", "10.0.0.1", "-p", "80", "-x", "OK", "--lvs").config()
                .send()).as("only when nothing is configured").isNull();
    }

    @Test
    void sendProgramOverridesSendString() throws UsageException {
        NannyArgs.Parsed p = NannyArgs.parse("-h", "10.0.0.1", "-p", "21", "-e", "ftpcheck %h",
                "-s", "QUIT", "--lvs");
        assertThat(p.notices()).containsExactly("External program use requested: (ftpcheck %h),"
                + " IGNORING send string option (QUIT)");
    }

    @Test
    void backslashEscapesUnlessSuppressed() throws UsageException {
        NannyConfig c = run("-h", "10.0.0.1", "-p", "25", "-s", "HELO x\\r\\n", "-x",
                "220\\t\\\\\\\"\\q", "--lvs");
        assertThat(c.send()).isEqualTo("HELO x\r\n");
        assertThat(c.expect()).isEqualTo("220\t\\\"\\q");
        NannyConfig raw = run("-T", "-h", "10.0.0.1", "-p", "25", "-s", "HELO x\\r\\n", "--lvs");
        assertThat(raw.send()).isEqualTo("HELO x\\r\\n");
    }

    @Test
    void acceptsIpv6Literals() throws UsageException {
        NannyConfig c = run("-h", "fd00::1", "-p", "25", "-V", "fd00::80", "--lvs");
        assertThat(c.server()).isEqualTo("fd00::1");
        assertThat(c.target()).isEqualTo("[fd00::1]:25");
        assertThat(c.virtualService()).isEqualTo("[fd00::80]:25");
    }

    @Test
    void rejectsBadInputWithPiranhasMessages() {
        assertUsage("bad IP address -- 300.1.2.3", "-h", "300.1.2.3", "--lvs");
        assertUsage("bad IP address -- www.example.com", "-h", "www.example.com", "--lvs");
        assertUsage("bad IP address -- 10.0.0.256", "-h", "10.0.0.1", "-V", "10.0.0.256",
                "--lvs");
        assertUsage("unknown service type", "-h", "10.0.0.1");
    }

    @Test
    void rejectsAZeroOrNegativeInterval() {
        String why = ": the check interval (timeout in lvs.cf) must be a number of seconds"
                + " greater than 0, for example 10 or 0.5";
        assertUsage("bad interval (-t) -- 0" + why, "-h", "10.0.0.1", "-t", "0", "--lvs");
        assertUsage("bad interval (-t) -- -1" + why, "-h", "10.0.0.1", "-t", "-1", "--lvs");
        assertUsage("bad interval (-t) -- soon" + why, "-h", "10.0.0.1", "-t", "soon", "--lvs");
    }

    @Test
    void rejectsOtherBadInput() {
        assertUsage("--fos is not supported: FOS (failover services) mode was dropped; run nanny"
                + " with --lvs for an LVS real server", "-h", "10.0.0.1", "--fos");
        assertUsage("unknown option -- --bogus (see nanny --help)", "--bogus");
        assertUsage("unknown option -- z (see nanny --help)", "-cz");
        assertUsage("option -t needs a value", "-h", "10.0.0.1", "-t");
        assertUsage("unexpected argument -- extra (see nanny --help)", "extra");
        assertUsage("no real server given: name it with -h IP", "--lvs");
        assertUsage("bad real port (-r, default the virtual port -p) -- 0: expected a whole"
                + " number from 1 to 65535", "-h", "10.0.0.1", "-p", "0", "--lvs");
        assertUsage("bad weight (-w) -- -3: expected a whole number from 0 to 65535",
                "-h", "10.0.0.1", "-w", "-3", "--lvs");
    }

    @Test
    void helpVersionAndSelftestNeedNothingElse() throws UsageException {
        assertThat(NannyArgs.parse("--help").mode()).isEqualTo(NannyArgs.Mode.HELP);
        assertThat(NannyArgs.parse("--version").mode()).isEqualTo(NannyArgs.Mode.VERSION);
        assertThat(NannyArgs.parse("--selftest").mode()).isEqualTo(NannyArgs.Mode.SELFTEST);
    }

    private static void assertUsage(String message, String... args) {
        assertThatThrownBy(() -> NannyArgs.parse(args)).isInstanceOf(UsageException.class)
                .hasMessage(message);
    }
}
