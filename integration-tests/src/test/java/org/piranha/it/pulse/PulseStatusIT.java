package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.PulseLab.START;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.PulseStatus;
import org.piranha.it.support.Sh;

/**
 * {@code pulse --status} against a pair of installed pulses (with --norun) in two namespaces,
 * each listening on a status socket of its own: roles, takeover reason, the JSON schema, the
 * exit statuses 0, 3 and 4, and who may ask.
 */
@Tag("netns")
class PulseStatusIT {

    @AutoClose
    private final PulseLab lab = new PulseLab();
    private final Path lb1Socket = lab.dir.resolve("lb1/status.sock");
    private final Path lb2Socket = lab.dir.resolve("lb2/status.sock");

    /** The pair, the primary active and both healthy (each hears the other). */
    private Daemon[] healthyPair() {
        Path config = lab.write("lvs.cf", PulseLab.config("0.2", "1"));
        Daemon master = lab.pulse(lab.lb1, config, "--status-socket=" + lb1Socket);
        master.awaitLine("STARTING PULSE AS MASTER", START);
        Daemon backup = lab.pulse(lab.lb2, config, "--status-socket=" + lb2Socket);
        backup.awaitLine("STARTING PULSE AS BACKUP", START);
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() ->
                PulseStatus.run(lb1Socket).exitCode() == 0 && PulseStatus.run(lb2Socket).exitCode() == 0);
        return new Daemon[] {master, backup};
    }

    @Test
    void eachRouterTellsItsRoleAndThePartnerItHears() {
        healthyPair();

        Sh.Result primary = PulseStatus.run(lb1Socket);
        assertThat(primary.exitCode()).as(primary.err()).isZero();
        assertThat(primary.out()).contains("primary router 10.6.3.1 is ACTIVE")
                .contains("10.6.3.2: alive, last heartbeat").contains("10.6.3.100/24 on eth0 (eth0:1), vip")
                .contains("No problems.");
        Sh.Result backup = PulseStatus.run(lb2Socket);
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("backup router 10.6.3.2 is BACKUP").contains("10.6.3.1: alive")
                .contains("no address (not the active router)");

        Map<String, Object> lb1 = PulseStatus.json(lb1Socket);
        PulseStatus.assertSchema(lb1);
        Map<String, Object> router = PulseStatus.object(lb1.get("router"));
        assertThat(router).containsEntry("name", "primary").containsEntry("address", "10.6.3.1")
                .containsEntry("role", "active");
        Map<String, Object> partner = PulseStatus.object(lb1.get("partner"));
        assertThat(partner).containsEntry("alive", true).containsEntry("path", "public");
        assertThat(((Number) partner.get("last_heartbeat_age_s")).doubleValue()).isLessThan(1.0);
        assertThat(PulseStatus.array(lb1.get("addresses"))).singleElement().satisfies(a -> assertThat(
                PulseStatus.object(a)).containsEntry("address", "10.6.3.100").containsEntry("prefix", 24)
                .containsEntry("interface", "eth0").containsEntry("label", "eth0:1").containsEntry("kind", "vip"));
        assertThat(PulseLab.owns(lab.lb1, "10.6.3.100/24", "eth0:1")).as("ip addr agrees").isTrue();
        Map<String, Object> config = PulseStatus.object(lb1.get("config"));
        assertThat(config).containsEntry("serial_no", 1).containsEntry("changed_on_disk", false)
                .containsEntry("sha256", Sh.ok("sha256sum", lab.dir.resolve("lvs.cf").toString()).split(" ")[0]);
        assertThat(PulseStatus.array(lb1.get("problems"))).isEmpty();

        Map<String, Object> lb2 = PulseStatus.json(lb2Socket);
        PulseStatus.assertSchema(lb2);
        assertThat(PulseStatus.object(lb2.get("router"))).containsEntry("name", "backup")
                .containsEntry("role", "backup");
        assertThat(PulseStatus.array(lb2.get("addresses"))).isEmpty();
    }

    @Test
    void withNorunEveryConfiguredRealServerIsListedAsUnknown() {
        healthyPair();

        Map<String, Object> status = PulseStatus.json(lb1Socket);
        assertThat(PulseStatus.object(status.get("pulse"))).containsEntry("norun", true);
        assertThat(PulseStatus.object(status.get("lvsd"))).containsEntry("running", false)
                .containsEntry("last_report", null);
        Map<String, Object> www = PulseStatus.object(PulseStatus.array(status.get("services")).get(0));
        assertThat(www).containsEntry("name", "www").containsEntry("address", "10.6.3.100").containsEntry("port", 80)
                .containsEntry("protocol", "tcp").containsEntry("scheduler", "wlc");
        assertThat(PulseStatus.array(www.get("real_servers"))).singleElement().satisfies(s -> assertThat(
                PulseStatus.object(s)).containsEntry("name", "web1").containsEntry("address", "10.6.3.21")
                .containsEntry("state", "unknown").containsEntry("weight", null).containsEntry("configured_weight", 1));
        assertThat(PulseStatus.run(lb1Socket).out()).containsPattern("-> 10\\.6\\.3\\.21:80 +unknown +-/1 .* web1");
    }

    @Test
    void whenTheActiveDiesTheBackupTellsItTookOverAndThatThePartnerIsDead() {
        Daemon[] pair = healthyPair();

        pair[0].process().destroyForcibly();
        pair[1].awaitLine("partner dead: activating lvs", START);

        await().atMost(START).pollInterval(Duration.ofMillis(200))
                .until(() -> PulseStatus.run(lb2Socket).exitCode() == 4);
        Sh.Result text = PulseStatus.run(lb2Socket);
        assertThat(text.out()).contains("backup router 10.6.3.2 is ACTIVE").contains("why:     partner dead: activating lvs")
                .contains("10.6.3.1: DEAD").contains("10.6.3.100/24 on eth0 (eth0:1), vip")
                .contains("! the partner router (10.6.3.1) has not been heard for");
        Map<String, Object> status = PulseStatus.json(lb2Socket);
        PulseStatus.assertSchema(status);
        assertThat(PulseStatus.object(status.get("router"))).containsEntry("role", "active")
                .containsEntry("reason", "partner dead: activating lvs");
        assertThat(PulseStatus.object(status.get("partner"))).containsEntry("alive", false);
        assertThat(PulseStatus.array(status.get("problems"))).singleElement().asString()
                .startsWith("the partner router (10.6.3.1) has not been heard for");
        assertThat(PulseLab.owns(lab.lb2, "10.6.3.100/24", "eth0:1")).as("ip addr agrees").isTrue();
    }

    @Test
    void aStoppedPulseIsReportedNotRunningWithExitThreeAndHowToStartIt() {
        Daemon[] pair = healthyPair();

        assertThat(pair[1].stop(START)).isZero();

        Sh.Result result = PulseStatus.run(lb2Socket);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("pulse is not running").contains("systemctl start pulse");
        assertThat(lb2Socket).as("removed on exit").doesNotExist();
        Sh.Result never = PulseStatus.run(lab.dir.resolve("nowhere.sock"), "--json");
        assertThat(never.exitCode()).isEqualTo(3);
        assertThat(never.out()).isEmpty();
    }

    @Test
    void theSocketIsRootsAloneAndAnyoneElseIsRefused() throws Exception {
        healthyPair();

        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(lb1Socket));
        assertThat(mode).isIn("rw-------", "rw-rw----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lb1Socket.getParent())))
                .isIn("rwx------", "rwxr-x---");
        lab.dir.toFile().setExecutable(true, false); // the temporary directory, so only the socket's own directory decides
        // nobody runs the staged tree bind-mounted where it can reach it: the checkout may lie
        // below a directory only root may enter (/root on a fresh machine), and then nobody would
        // be refused the program, not the socket.
        Path reachable = Files.createDirectories(lab.dir.resolve("installed"));
        for (List<String> asNobody : List.of(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"),
                List.of("runuser", "-u", "nobody", "--"))) {
            List<String> command = new java.util.ArrayList<>(List.of("unshare", "-m", "--propagation", "private",
                    "sh", "-c", "mount --bind \"$0\" \"$1\" && shift && exec \"$@\"",
                    org.piranha.it.support.Installed.root().toString(), reachable.toString()));
            command.addAll(asNobody);
            command.addAll(List.of(reachable.resolve("usr/sbin/pulse").toString(), "--status",
                    "--status-socket=" + lb1Socket));
            Sh.Result refused = Sh.run(command);
            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
            assertThat(refused.err()).contains("permission denied on " + lb1Socket);
            assertThat(refused.out()).isEmpty();
        }
    }
}
