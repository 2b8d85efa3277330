package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.START;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.PulseStatus;
import org.piranha.it.support.Sh;

/**
 * {@code pulse --metrics}: scraped with curl from another namespace, checked by Prometheus's own
 * {@code promtool check metrics}, values against {@code pulse --status --json}; the
 * unauthenticated and the malformed are refused.
 */
@Tag("netns")
class PulseMetricsIT {

    static final String METRICS = "http://" + PulseLab.PRIMARY + ":9539/metrics";

    @AutoClose
    private final PulseLab lab = new PulseLab();

    private Path users() {
        Path file = lab.dir.resolve("metrics.htpasswd");
        Sh.ok("htpasswd", "-B", "-b", "-c", file.toString(), "prometheus", "s3cret");
        return file;
    }

    private Sh.Result curl(String... options) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.obs.name(), "curl", "-s",
                "--max-time", "20"));
        command.addAll(List.of(options));
        return Sh.run(command);
    }

    /** The sample lines of an exposition: "name{labels} value" -> value. */
    static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^([a-z_]+(?:\\{[^}]*\\})?) (\\S+)$").matcher(exposition);
        while (m.find()) {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }

    @Test
    void anAuthenticatedScrapeIsValidPrometheusTextAndAgreesWithTheStatus() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
        Daemon master = lab.pulse(lab.lb1, config, "--metrics=" + PulseLab.PRIMARY + ":9539",
                "--metrics-users=" + users());
        // one after the other: on a busy machine the master's metrics server, starting beside its
        // state machine, can hold it up past the backup's deadtime, and the backup would take over
        master.awaitLine("activating lvs", START);
        Daemon backup = lab.pulse(lab.lb2, config);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        Path socket = lab.statusSocket(lab.lb1);
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> PulseStatus.run(socket).exitCode() == 0);

        Sh.Result scrape = curl("-u", "prometheus:s3cret", "-w", "\\n%{http_code}", METRICS);
        String body = scrape.out().substring(0, scrape.out().lastIndexOf('\n') + 1);
        assertThat(scrape.out()).endsWith("\n200");
        Sh.Result checked = Sh.run(List.of("bash", "-c", "printf '%s' \"$1\" | promtool check metrics", "check", body));
        assertThat(checked.exitCode()).as(checked.out() + checked.err()).isZero();

        Map<String, Double> samples = samples(body);
        assertThat(samples).containsEntry("pulse_router_active", 1.0)
                .containsEntry("pulse_router_role{role=\"active\"}", 1.0)
                .containsEntry("pulse_router_role{role=\"backup\"}", 0.0)
                .containsEntry("pulse_partner_alive", 1.0)
                .containsEntry("pulse_addresses_held", 1.0)
                .containsEntry("pulse_address_held{address=\"10.6.3.100\",interface=\"eth0\",kind=\"vip\"}", 1.0)
                .containsEntry("pulse_config_serial_no", 1.0)
                .containsEntry("pulse_config_changed_on_disk", 0.0)
                .containsEntry("pulse_config_reloads_total{result=\"applied\"}", 0.0)
                .containsEntry("pulse_real_server_up{server=\"web1\",service=\"www\"}", 0.0)
                .containsEntry("pulse_real_server_state{server=\"web1\",service=\"www\",state=\"unknown\"}", 1.0)
                .containsEntry("pulse_real_server_configured_weight{server=\"web1\",service=\"www\"}", 1.0)
                .containsEntry("pulse_problems", 0.0)
                .containsKeys("pulse_partner_last_heartbeat_age_seconds", "process_cpu_seconds_total",
                        "process_open_fds", "jvm_threads_current");
        assertThat(samples.get("pulse_partner_last_heartbeat_age_seconds")).isLessThan(1.0);
        String reason = (String) PulseStatus.object(PulseStatus.json(lab.statusSocket(lab.lb1)).get("router"))
                .get("reason");
        assertThat(samples).as("one activation, counted under the reason the status gives")
                .containsEntry("pulse_failovers_total{reason=\"" + reason + "\"}", 1.0);
        Map<String, Object> status = PulseStatus.json(socket);
        assertThat(((Number) PulseStatus.object(status.get("config")).get("serial_no")).doubleValue())
                .isEqualTo(samples.get("pulse_config_serial_no"));

        // a reload is counted with its result
        lab.write("lvs.cf", PulseLab.config("0.2", "1").replace("serial_no = 1", "serial_no = 2"));
        master.signal("HUP");
        master.awaitLine("reloaded", START);
        await().atMost(START).untilAsserted(() -> assertThat(samples(curl("-u", "prometheus:s3cret", METRICS).out()))
                .containsEntry("pulse_config_reloads_total{result=\"applied\"}", 1.0)
                .containsEntry("pulse_config_serial_no", 2.0));
    }

    @Test
    void theUnauthenticatedAndTheMalformedAreRefused() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
        Daemon master = lab.pulse(lab.lb1, config, "--metrics=" + PulseLab.PRIMARY + ":9539",
                "--metrics-users=" + users());
        master.awaitLine("activating lvs", START);
        await().atMost(START).until(() -> curl("-o", "/dev/null", "-w", "%{http_code}", METRICS).out().equals("401"));

        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-u", "prometheus:wrong", METRICS).out())
                .isEqualTo("401");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-u", "nobody:s3cret", METRICS).out())
                .isEqualTo("401");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Basic !!!", METRICS).out())
                .as("not base64").isEqualTo("400");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Basic bm9jb2xvbg==", METRICS)
                .out()).as("no colon").isIn("400", "401");
        Sh.Result garbage = Sh.run("ip", "netns", "exec", lab.obs.name(), "bash", "-c",
                "printf 'NONSENSE\\r\\n\\r\\n' | timeout 10 socat -t5 - TCP:" + PulseLab.PRIMARY + ":9539");
        assertThat(garbage.out()).startsWith("HTTP/1.1 400").doesNotContain("pulse_");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-u", "prometheus:s3cret", METRICS).out())
                .as("still serving the authenticated").isEqualTo("200");
    }

    @Test
    void metricsWithoutUsersIsRefusedAtStart() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
        Daemon pulse = lab.pulse(lab.lb1, config, "--metrics=" + PulseLab.PRIMARY + ":9539");
        assertThat(pulse.awaitExit(START)).isEqualTo(2);
        assertThat(pulse.lines()).anyMatch(line -> line.contains("--metrics needs --metrics-users=FILE"));
        Path plain = lab.write("plain.htpasswd", "prometheus:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
        Daemon sha = lab.pulse(lab.lb1, config, "--metrics=" + PulseLab.PRIMARY + ":9539",
                "--metrics-users=" + plain);
        assertThat(sha.awaitExit(START)).isEqualTo(1);
        assertThat(sha.lines()).anyMatch(line -> line.contains(plain + ":1: not USER:BCRYPT-HASH"));
    }

    @Test
    void aMultiActivePulseRefusesAnUnreadableUsersFileAtStartToo() {
        Path config = lab.write("lvs.cf", """
                director_mode = multi_active
                bgp_local_as = 65001
                bgp_peer_as = 65000
                bgp_neighbors = 192.0.2.1
                vip_interface = lo
                network = direct
                virtual www {
                    active = 1
                    address = 10.0.0.100 lo
                    server web1 {
                        address = 192.0.2.50
                        active = 1
                    }
                }
                """);
        Path missing = config.resolveSibling("no-such-users");
        Daemon pulse = lab.pulse(lab.lb1, config, "--metrics=" + PulseLab.PRIMARY + ":9539",
                "--metrics-users=" + missing);
        assertThat(pulse.awaitExit(START)).isEqualTo(1);
        assertThat(pulse.lines()).anyMatch(line -> line.contains("--metrics-users: no such file: " + missing));
        assertThat(pulse.lines()).noneMatch(line -> line.contains("multi_active mode"));
    }
}
