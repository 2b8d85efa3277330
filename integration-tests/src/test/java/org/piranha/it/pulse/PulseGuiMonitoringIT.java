package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.START;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Installed;
import org.piranha.it.support.PulseStatus;
import org.piranha.it.support.Sh;

/**
 * The installed piranha-gui's CONTROL/MONITORING page against a running pair of installed pulses
 * (--norun: the status plane needs no IPVS) in two namespaces: the page shows what
 * {@code pulse --status --json} says on the same socket, and that pulse is gone after it is killed.
 */
@Tag("netns")
class PulseGuiMonitoringIT {

    private static final String PASSWORD = "monitoring-it";

    @AutoClose
    private final PulseLab lab = new PulseLab();
    private final Path lb1Socket = lab.dir.resolve("lb1/status.sock");
    private final Path lb2Socket = lab.dir.resolve("lb2/status.sock");
    private Daemon gui;

    @org.junit.jupiter.api.AfterEach
    void stopGui() {
        if (gui != null) {
            gui.close();
        }
    }

    @Test
    void theMonitoringPageShowsWhatPulseStatusSays() throws Exception {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
        Daemon master = lab.pulse(lab.lb1, config, "--status-socket=" + lb1Socket);
        master.awaitLine("STARTING PULSE AS MASTER", START);
        Daemon backup = lab.pulse(lab.lb2, config, "--status-socket=" + lb2Socket);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() ->
                PulseStatus.run(lb1Socket).exitCode() == 0 && PulseStatus.run(lb2Socket).exitCode() == 0);

        int port = startGui(config, lb1Socket);
        String page = control(port);
        Map<String, Object> status = PulseStatus.json(lb1Socket);
        Map<String, Object> router = PulseStatus.object(status.get("router"));
        assertThat(router).containsEntry("role", "active");
        assertThat(cell(page, "role")).isEqualTo(router.get("role"));
        assertThat(cell(page, "partner")).isEqualTo("alive");
        String text = page.replaceAll("\\s+", " "); // the template's line breaks
        assertThat(text).contains((String) router.get("name") + " " + router.get("address"))
                .contains("pulse pid " + PulseStatus.object(status.get("pulse")).get("pid"))
                .contains("lvs.cf loaded by pulse: serial_no "
                        + PulseStatus.object(status.get("config")).get("serial_no") + ", the same as the file on disk.");
        Map<String, Object> vip = PulseStatus.object(PulseStatus.array(status.get("addresses")).get(0));
        assertThat(text).contains(vip.get("address") + "/" + vip.get("prefix") + " on " + vip.get("label")
                + " (" + vip.get("kind") + ")");
        for (Object s : PulseStatus.array(status.get("services"))) {
            Map<String, Object> service = PulseStatus.object(s);
            for (Object r : PulseStatus.array(service.get("real_servers"))) {
                Map<String, Object> server = PulseStatus.object(r);
                assertThat(cell(page, "state-" + service.get("name") + "-" + server.get("name")))
                        .isEqualTo(server.get("state"));
            }
        }

        // a saved lvs.cf that pulse has not loaded shows as such, as pulse --status says
        lab.write("lvs.cf", PulseLab.config("0.2", "1").replace("serial_no = 1", "serial_no = 2"));
        assertThat(PulseStatus.object(PulseStatus.json(lb1Socket).get("config"))).containsEntry("changed_on_disk", true);
        assertThat(control(port)).contains("<b>not the file on disk</b>");

        // the primary's pulse is killed: its socket no longer answers, and the page says pulse is not running
        master.signal("KILL");
        await().atMost(START).until(() -> PulseStatus.run(lb1Socket).exitCode() == 3);
        assertThat(control(port)).contains("id=\"pulse-state\">pulse is not running");
    }

    private int startGui(Path config, Path statusSocket) throws Exception {
        Path passwd = lab.dir.resolve("piranha.passwd");
        Sh.ok(Installed.sbin("piranha-passwd"), "-f", passwd.toString(), PASSWORD);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        gui = Daemon.start("piranha-gui", new ProcessBuilder(List.of(Installed.sbin("piranha-gui"), "-n",
                "-c", config.toString(), "-p", passwd.toString(), "--listen", "127.0.0.1:" + port,
                "--status-socket", statusSocket.toString())));
        gui.awaitLine("listening on", START);
        return port;
    }

    private String control(int port) {
        Sh.Result page = Sh.run(List.of("curl", "-s", "--max-time", "20", "-u", "piranha:" + PASSWORD,
                "http://127.0.0.1:" + port + "/control?refresh=off"));
        assertThat(page.exitCode()).as(page.err()).isZero();
        return page.out();
    }

    /** The text of the element with this id. */
    private static String cell(String page, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(page);
        assertThat(m.find()).as("an element with id " + id + " in\n" + page).isTrue();
        return m.group(1).strip();
    }
}
