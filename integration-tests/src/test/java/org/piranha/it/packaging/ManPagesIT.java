package org.piranha.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Sh;

/** The man pages as installed: rendered by man and groff without a warning, and saying what they must. */
class ManPagesIT {

    /** The lines operators grep for, as each page must show them (placeholders in plain text). */
    private static final Map<String, List<String>> LOG_LINES = Map.of(
            "man8/pulse.8.gz", List.of(
                    "STARTING PULSE AS MASTER",
                    "STARTING PULSE AS BACKUP",
                    "We are backup node and backup is marked inactive -- exiting pulse",
                    "Forced active on startup: activating lvs",
                    "partner dead: activating lvs",
                    "backup inactive: activating lvs",
                    "primary inactive: activating lvs",
                    "partner active: deactivating LVS",
                    "partner active: resending arps",
                    "gratuitous lvs arps finished",
                    "Child process pid exited with status status",
                    "Local NIC link failure: Pulse disabled",
                    "local link failure: deactivating LVS",
                    "Incompatible heartbeat received -- other system not using identical services",
                    "Terminating due to signal N"),
            "man8/lvsd.8.gz", List.of(
                    "starting virtual service name active: port",
                    "create_monitor for service/server running as pid pid",
                    "nanny for child service/server died! shutting down lvs",
                    "nanny for child service/server died! manual action needed!",
                    "Virtual Server service: No real servers; activate sorry_server address",
                    "Virtual Server service: n real servers; deactivate sorry_server address",
                    "rereading configuration file",
                    "shutting down due to signal N"),
            "man8/nanny.8.gz", List.of(
                    "starting LVS client monitor for VIP:VPORT -> RIP:RPORT",
                    "[ active ] making RIP:RPORT available",
                    "[inactive] shutting down RIP:RPORT due to connection failure",
                    "opaque glasses on",
                    "rose-colored glasses on",
                    "DEBUG -- removing glasses",
                    "Terminating due to signal N"),
            "man8/send_arp.8.gz", List.of(
                    "send_arp -i eth0 10.6.1.214 52:54:00:0a:00:01 10.6.1.255 ffffffffffff"),
            "man8/piranha-gui.8.gz", List.of(
                    "piranha ALL=(root) NOPASSWD: /usr/bin/systemctl reload pulse"),
            "man8/piranha-passwd.8.gz", List.of(
                    "Warning: sensitive information entered on command line."),
            "man5/lvs.cf.5.gz", List.of(
                    "lvs.cf:12: equal (=) expected after command \"port\"",
                    "virtual www {",
                    "hot_standby = 1"));

    /** Every key of lvs.cf, each of which lvs.cf(5) must document with its default. */
    private static final List<String> LVS_CF_KEYS = List.of(
            "serial_no", "primary", "primary_private", "service", "backup_active", "backup", "backup_private",
            "heartbeat", "heartbeat_port", "keepalive", "deadtime", "network", "nat_router", "nat_nmask",
            "active_cmd", "inactive_cmd", "monitor_links", "syncdaemon", "syncd_iface", "syncd_id",
            "tcp_timeout", "tcpfin_timeout", "udp_timeout", "hard_shutdown", "hot_standby", "rsh_command",
            "ipvsadm", "debug_level", "sync",
            "active", "address", "vip_nmask", "port", "protocol", "fwmark", "scheduler", "persistent", "pmask",
            "send", "expect", "use_regex", "send_program", "timeout", "reentry", "quiesce_server",
            "load_monitor", "sorry_server", "client_monitor", "weight");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"man8/pulse.8.gz", "man8/lvsd.8.gz", "man8/nanny.8.gz", "man8/send_arp.8.gz",
                            "man8/piranha-gui.8.gz", "man8/piranha-passwd.8.gz", "man5/lvs.cf.5.gz"})
    void rendersWithoutWarnings(String page) throws IOException {
        String groff = RequiredTool.require("groff", "groff-base");
        Path source = tmp.resolve("page");
        Files.writeString(source, unzip(installed(page)));

        Sh.Result strict = Sh.run(groff, "-man", "-Tutf8", "-ww", "-z", source.toString());
        assertThat(strict.err()).as("groff -ww warnings for %s", page).isEmpty();
        assertThat(strict.exitCode()).isZero();

        Sh.Result man = man(page);
        assertThat(man.err()).as("man --warnings for %s", page).isEmpty();
        assertThat(man.exitCode()).isZero();
        assertThat(man.out()).contains("NAME", "SEE ALSO", "piranha " + Packaging.version())
                .doesNotContain("@VERSION@");
    }

    @ParameterizedTest
    @ValueSource(strings = {"man8/pulse.8.gz", "man8/lvsd.8.gz", "man8/nanny.8.gz", "man8/send_arp.8.gz",
                            "man8/piranha-gui.8.gz", "man8/piranha-passwd.8.gz", "man5/lvs.cf.5.gz"})
    void showsTheLogLinesWordForWord(String page) {
        List<String> rendered = rendered(page).lines().map(String::strip).toList();
        assertThat(rendered).containsAll(LOG_LINES.get(page));
    }

    @Test
    void lvsCfDocumentsEveryKeyWithItsDefault() {
        String page = rendered("man5/lvs.cf.5.gz");
        Pattern entry = Pattern.compile("^ {7}([a-z_]+) = .*\\((.+)\\)$", Pattern.MULTILINE);
        List<String> documented = new ArrayList<>();
        Matcher m = entry.matcher(page);
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).containsAll(LVS_CF_KEYS);
        assertThat(page).contains("heartbeat_port = port (539)", "keepalive = seconds (2)",
                "deadtime = seconds (5)", "network = direct | nat | tunnel (nat)", "hard_shutdown = boolean (1)",
                "scheduler = name (wlc)", "timeout = seconds (10)", "reentry = seconds (180)",
                "weight = integer (1)", "hot_standby = boolean (0)");
    }

    /**
     * An option's dash written as a plain "-" renders as a hyphen (U+2010) with groff 1.23 and
     * later, so that "--check-config" copied from the page fails; it must be "\-".
     */
    @Test
    void writesEveryOptionDashAsAMinus() throws IOException {
        Pattern bareDash = Pattern.compile("(^|[\\s\"(\\[|])-+[A-Za-z?]");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> pages = Files.list(Packaging.module().resolve("src/man"))) {
            for (Path page : pages.sorted().toList()) {
                List<String> lines = Files.readAllLines(page);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).startsWith(".\\\"") && bareDash.matcher(lines.get(i)).find()) {
                        offenders.add(page.getFileName() + ":" + (i + 1) + ": " + lines.get(i));
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static Path installed(String page) {
        return Installed.root().resolve("usr/share/man").resolve(page);
    }

    private static Sh.Result man(String page) {
        RequiredTool.require("man", "man-db");
        return Sh.run("env", "MANWIDTH=80", "LC_ALL=C.UTF-8", "man", "--warnings", "-l", installed(page).toString());
    }

    /** The page as man shows it, without the overstrikes of bold and underline. */
    private static String rendered(String page) {
        return man(page).orThrow().out().replaceAll(".\b", "");
    }

    private static String unzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
