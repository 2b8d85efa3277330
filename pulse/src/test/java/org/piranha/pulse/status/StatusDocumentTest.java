package org.piranha.pulse.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;

/** The status document and its text, from a board as pulse's hooks fill it. */
class StatusDocumentTest {

    @TempDir
    Path dir;

    private static final String CF = "serial_no = 4\\nprimary = 10.0.0.1\\nbackup = 10.0.0.2\\nbackup_active = 1\\n"
            + "service = lvs\\nnetwork = direct\\n"
            + "virtual www {\\n active = 1\\n address = 10.0.0.100 eth0:1\\n port = 80\\n sorry_server = 10.0.0.99\\n"
            + " server web1 {\\n  address = 10.0.0.21\\n  active = 1\\n  weight = 4\\n }\\n"
            + " server web2 {\\n  address = 10.0.0.22\\n  active = 1\\n }\\n}\\n";

    private final long start = System.nanoTime();
    private final StatusBoard board = new StatusBoard(7, "1.0", Instant.parse("2026-12-06T10:00:00Z"), start, false);

    private Map<String, Object> document(Path file, LvsConfig config) throws IOException {
        board.config(new StatusBoard.Config(file, config, ConfigFingerprint.hash(file), Instant.now()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StatusDocument(board, new ConfigFingerprint()).write(out, Instant.now(), System.nanoTime());
        return JSON.std.mapFrom(out.toByteArray());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> server(Map<String, Object> d, int index) {
        Map<String, Object> service = (Map<String, Object>) ((List<Object>) d.get("services")).get(0);
        return (Map<String, Object>) ((List<Object>) service.get("real_servers")).get(index);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aParkedLvsdOnAColdStandbyIsShownParked_andNoLongerOnceToldToGo() throws IOException {
        Path file = Files.writeString(dir.resolve("lvs.cf"), CF.replace("\\n", "\n"));
        LvsConfig config = LvsConfigLoader.standard().load(file).config().orElseThrow();
        board.role("backup", "10.0.0.2", "backup", "partner active", Instant.now(), System.nanoTime());
        board.lvsd(new StatusBoard.Lvsd(true, 99, true));

        Map<String, Object> parked = document(file, config);
        assertThat((Map<String, Object>) parked.get("lvsd")).containsEntry("running", true).containsEntry("pid", 99)
                .containsEntry("parked", true).containsEntry("hot_standby_ready", false);
        assertThat(new StatusText(Clock.system(ZoneOffset.UTC)).render(parked)).contains("parked, pid 99 (cold standby:"
                + " no table, no nanny, no check until this router is active)");

        board.lvsd(new StatusBoard.Lvsd(true, 99, false));
        Map<String, Object> going = document(file, config);
        assertThat((Map<String, Object>) going.get("lvsd")).containsEntry("parked", false);
        assertThat(new StatusText(Clock.system(ZoneOffset.UTC)).render(going)).contains("running, pid 99")
                .doesNotContain("parked");
    }

    @Test
    @SuppressWarnings("unchecked")
    void beforeLvsdReportsEveryRealServerIsUnknownAndAfterItsStateAndCountersShow() throws IOException {
        Path file = Files.writeString(dir.resolve("lvs.cf"), CF.replace("\\n", "\n"));
        LvsConfig config = LvsConfigLoader.standard().load(file).config().orElseThrow();
        board.role("primary", "10.0.0.1", "active", "partner dead: activating lvs", Instant.now(), System.nanoTime());
        board.lvsd(new StatusBoard.Lvsd(true, 99));

        Map<String, Object> before = document(file, config);
        assertThat(server(before, 0)).containsEntry("state", "unknown").containsEntry("weight", null)
                .containsEntry("configured_weight", 4).containsEntry("active_conns", null);
        assertThat((List<?>) before.get("problems")).isEmpty();

        board.reports(new ServerReports(Instant.now(), System.nanoTime(), false, Map.of(
                new ServerReports.Key("www", "web1"), new ServerReports.Server("down", Optional.empty(),
                        Optional.empty()),
                new ServerReports.Key("www", "web2"), new ServerReports.Server("unknown", Optional.empty(),
                        Optional.empty()))));
        Map<String, Object> undecided = document(file, config);
        assertThat((Map<String, Object>) ((List<Object>) undecided.get("services")).get(0))
                .as("lvsd switches to the sorry server only once every real server has a verdict")
                .containsEntry("sorry_server_in_use", false);
        assertThat((List<?>) undecided.get("problems")).as("no exit 4 while the verdicts come in").isEmpty();

        board.reports(new ServerReports(Instant.now(), System.nanoTime(), true, Map.of(
                new ServerReports.Key("www", "web1"), new ServerReports.Server("down", Optional.empty(),
                        Optional.empty()),
                new ServerReports.Key("www", "web2"), new ServerReports.Server("down", Optional.empty(),
                        Optional.empty()))));
        Map<String, Object> down = document(file, config);
        assertThat(server(down, 0)).containsEntry("state", "down");
        @SuppressWarnings("unchecked")
        Map<String, Object> www = (Map<String, Object>) ((List<Object>) down.get("services")).get(0);
        assertThat(www).containsEntry("sorry_server", "10.0.0.99").containsEntry("sorry_server_in_use", true);
        assertThat((List<Object>) down.get("problems")).containsExactly(
                "virtual service www has no real server up: its sorry server 10.0.0.99 answers");

        board.reports(new ServerReports(Instant.now(), System.nanoTime(), true, Map.of(
                new ServerReports.Key("www", "web1"), new ServerReports.Server("up", Optional.of(4), Optional.of(
                        new ServerReports.Counters(3, 9, 120, 1000, 900, 64000, 1200000, 2, 500, 9000))))));
        Map<String, Object> up = document(file, config);
        assertThat(server(up, 0)).containsEntry("state", "up").containsEntry("weight", 4)
                .containsEntry("active_conns", 3).containsEntry("inactive_conns", 9).containsEntry("conns_total", 120)
                .containsEntry("bytes_out", 1200000).containsEntry("conns_per_s", 2)
                .containsEntry("bytes_out_per_s", 9000);
        assertThat(server(up, 1)).containsEntry("state", "unknown");
        assertThat((List<?>) up.get("problems")).isEmpty();

        String text = new StatusText(Clock.system(ZoneOffset.UTC)).render(up);
        assertThat(text).contains("primary router 10.0.0.1 is ACTIVE").contains("why:     partner dead: activating lvs")
                .containsPattern("-> 10\\.0\\.0\\.21:80 +up +4/4 +3 +9 +2 +500 +9000  web1")
                .containsPattern("-> 10\\.0\\.0\\.22:80 +unknown +-/1 .*web2").contains("No problems.");

        Files.writeString(file, CF.replace("\\n", "\n").replace("serial_no = 4", "serial_no = 5"));
        board.config(new StatusBoard.Config(file, config, board.config().get().sha256(), Instant.now()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StatusDocument(board, new ConfigFingerprint()).write(out, Instant.now(), System.nanoTime());
        Map<String, Object> changed = JSON.std.mapFrom(out.toByteArray());
        assertThat((Map<Object, Object>) changed.get("config")).containsEntry("changed_on_disk", true);
        assertThat((List<Object>) changed.get("problems")).singleElement().asString()
                .startsWith(file + " changed on disk since it was loaded");
    }
}
