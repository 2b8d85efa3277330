package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.Service;

/**
 * lvsd's own check of each real server at start, with pretend checks and nannies: a passing
 * check admits the server at its configured weight before its nanny reports; the nanny decides
 * from then on.
 */
class StartCheckDirectorTest {

    static final String CF = DirectorTest.SEED.replace("        weight = 1\n    }\n    server web2",
            "        weight = 8\n    }\n    server web2");

    /** Checks that the test completes by hand. */
    static final class Probes implements StartProbe {
        record Pending(List<String> argv, Consumer<Result> done) {
            void passes() {
                done.accept(new Result(true, null));
            }

            void fails(String reason) {
                done.accept(new Result(false, reason));
            }
        }

        final List<Pending> pending = new ArrayList<>();

        @Override
        public void probe(List<String> nannyArgv, Consumer<Result> done) {
            pending.add(new Pending(nannyArgv, done));
        }

        Pending of(String address) {
            return pending.stream().filter(p -> p.argv().get(p.argv().indexOf("-h") + 1).equals(address)).findFirst()
                    .orElseThrow();
        }
    }

    final LogCapture log = new LogCapture();
    final Probes probes = new Probes();
    final FakeNannies nannies = new FakeNannies();
    final ManualTimers timers = new ManualTimers();
    MemoryIpvs ipvs = new MemoryIpvs();
    Director director;

    @AfterEach
    void closeLog() {
        log.close();
    }

    Director start(String cf) {
        director = new Director(Harness.config(cf), ipvs, nannies, timers,
                new Director.Settings(Harness.NANNY, false, false), status -> { }, probes);
        director.start();
        return director;
    }

    List<String> table() {
        List<String> lines = new ArrayList<>();
        ipvs.services().forEach(s -> ipvs.destinations(s.key()).forEach(d ->
                lines.add(Endpoint.of(d.destination()) + " " + d.destination().weight())));
        return lines;
    }

    @Test
    void aServerThatPassesIsAddedAtItsConfiguredWeightBeforeItsNannyReports() {
        start(CF);
        assertThat(probes.pending).hasSize(2);
        assertThat(probes.of("10.6.1.221").argv()).isEqualTo(nannies.of("10.6.1.221").argv);
        assertThat(table()).isEmpty();

        probes.of("10.6.1.221").passes();
        probes.of("10.6.1.222").fails("CONNECT to 10.6.1.222:80 failed: Connection refused");
        assertThat(table()).containsExactly("10.6.1.221:80 8");
        assertThat(log.lines()).contains(
                "real server www/web1 (10.6.1.221:80) passed lvsd's start-up check: adding it with weight 8 before"
                        + " its nanny reports; the nanny's checks decide from then on",
                "real server www/web2 (10.6.1.222:80) did not pass lvsd's start-up check: CONNECT to 10.6.1.222:80"
                        + " failed: Connection refused; checking it again every 6 s until its nanny reports");
    }

    @Test
    void aFailedCheckIsMadeAgainEveryIntervalUntilItPassesOrTheNannyReports() {
        start(CF);
        probes.of("10.6.1.221").fails("READ to 10.6.1.221:80 timed out");
        probes.of("10.6.1.222").fails("CONNECT to 10.6.1.222:80 failed: Connection refused");
        probes.pending.clear();
        timers.advance(java.time.Duration.ofSeconds(5));
        assertThat(probes.pending).isEmpty();
        timers.advance(java.time.Duration.ofSeconds(1));
        assertThat(probes.pending).hasSize(2);

        probes.of("10.6.1.221").passes();
        assertThat(table()).containsExactly("10.6.1.221:80 8");
        nannies.of("10.6.1.222").says("ready").down();
        probes.of("10.6.1.222").fails("CONNECT to 10.6.1.222:80 failed: Connection refused");
        probes.pending.clear();
        timers.advance(java.time.Duration.ofSeconds(60));
        assertThat(probes.pending).as("both decided: no more checks").isEmpty();
        assertThat(log.lines()).filteredOn(line -> line.contains("did not pass")).as("said once per server").hasSize(2);
    }

    @Test
    void aCheckThatTookItsWholeIntervalIsMadeAgainAtOnce() {
        start(CF);
        timers.advance(java.time.Duration.ofSeconds(2));
        probes.of("10.6.1.222").fails("CONNECT to 10.6.1.222:80 failed: Connection refused");
        timers.advance(java.time.Duration.ofSeconds(4)); // the check's interval (timeout = 6) went by
        assertThat(probes.pending).extracting(p -> p.argv().get(p.argv().indexOf("-h") + 1))
                .as("web2 again one interval after its check began").containsExactly("10.6.1.221", "10.6.1.222", "10.6.1.222");
        probes.of("10.6.1.221").fails("READ to 10.6.1.221:80 timed out");

        timers.advance(java.time.Duration.ZERO);
        assertThat(probes.pending).extracting(p -> p.argv().get(p.argv().indexOf("-h") + 1))
                .as("web1 at once: its check took the whole interval")
                .containsExactly("10.6.1.221", "10.6.1.222", "10.6.1.222", "10.6.1.221");
    }

    @Test
    void heldNanniesStartOnlyWhenReleasedAndAfterTheChecksWereSent() {
        director = new Director(Harness.config(CF), ipvs, nannies, timers,
                new Director.Settings(Harness.NANNY, false, false), status -> { }, probes);
        director.holdNannies();
        director.start();
        assertThat(probes.pending).hasSize(2);
        assertThat(nannies.started).isEmpty();
        probes.of("10.6.1.221").passes();
        assertThat(table()).as("the table serves before any nanny JVM").containsExactly("10.6.1.221:80 8");

        director.reload(Harness.config(CF.replace("address = 10.6.1.222\n        active = 1",
                "address = 10.6.1.222\n        active = 0")));
        director.releaseNannies();
        assertThat(nannies.started).extracting(FakeNannies.Fake::server)
                .as("no nanny for a server the reload took out while they waited").containsExactly("10.6.1.221");
        assertThat(log.lines()).anyMatch(line -> line.startsWith("create_monitor for www/web1 running as pid"));
        nannies.of("10.6.1.221").says("ready").up(1);
        assertThat(table()).containsExactly("10.6.1.221:80 8");
    }

    @Test
    void nanniesReleasedAfterLvsdStoppedAreNotStarted() {
        director = new Director(Harness.config(CF), ipvs, nannies, timers,
                new Director.Settings(Harness.NANNY, false, false), status -> { }, probes);
        director.holdNannies();
        director.start();
        director.shutdown(Director.EXIT_OK);
        director.releaseNannies();
        assertThat(nannies.started).isEmpty();
    }

    @Test
    void theNannysSlowStartDoesNotLowerTheWeightAndItsDownWithdrawsTheServer() {
        start(CF);
        probes.of("10.6.1.221").passes();
        nannies.of("10.6.1.221").says("ready").up(1); // slow start: 8 >> 5, at least 1
        assertThat(table()).containsExactly("10.6.1.221:80 8");
        nannies.of("10.6.1.221").up(2).up(4).up(8);
        assertThat(table()).containsExactly("10.6.1.221:80 8");
        nannies.of("10.6.1.221").down();
        assertThat(table()).isEmpty();
        nannies.of("10.6.1.221").up(1);
        assertThat(table()).as("once the slow start was reached, nothing is held any more")
                .containsExactly("10.6.1.221:80 1");
    }

    @Test
    void aNannyThatReportedFirstWinsOverALaterCheck() {
        start(CF);
        nannies.of("10.6.1.221").says("ready").down();
        probes.of("10.6.1.221").passes();
        assertThat(table()).isEmpty();
        nannies.of("10.6.1.222").says("ready").up(1);
        probes.of("10.6.1.222").passes();
        assertThat(table()).containsExactly("10.6.1.222:80 1");
        assertThat(log.lines()).noneMatch(line -> line.contains("passed lvsd's start-up check"));
    }

    @Test
    void sendProgramsClientMonitorsAdoptedServersAndReloadsAreLeftToTheNannies() throws Exception {
        start(CF.replace("    send = \"GET / HTTP/1.0\\r\\n\\r\\n\"\n", "    send_program = \"/bin/check %h\"\n"));
        assertThat(probes.pending).isEmpty();

        start(CF.replace("    timeout = 6\n", "    timeout = 6\n    client_monitor = /usr/local/bin/mycheck\n"));
        assertThat(probes.pending).isEmpty();

        ipvs = new MemoryIpvs();
        Service service = IpvsMapping.service(Harness.config(CF).activeServices().get(0));
        ipvs.addService(service);
        ipvs.addDestination(service.key(), Destination.builder(DirectorTest.ip("10.6.1.221"), 80).weight(3).build());
        start(CF);
        assertThat(probes.pending).extracting(p -> p.argv().get(p.argv().indexOf("-h") + 1))
                .as("the adopted server keeps what it has until its nanny reports").containsExactly("10.6.1.222");

        director.reload(Harness.config(CF.replace("    server web2 {", """
                    server web3 {
                        address = 10.6.1.223
                        active = 1
                        weight = 1
                    }
                    server web2 {""")));
        assertThat(probes.pending).hasSize(1);
    }

    @Test
    void aServerWhoseNannyLvsdGaveUpOnIsNeitherCheckedAgainNorAdmitted() {
        start(CF.replace("network = direct", "network = direct\nhard_shutdown = 0"));
        probes.of("10.6.1.221").fails("CONNECT to 10.6.1.221:80 failed: Connection refused");
        nannies.of("10.6.1.221").dies(2); // bad arguments: given up at once, nothing would withdraw it
        probes.pending.clear();

        timers.advance(java.time.Duration.ofSeconds(60));

        assertThat(probes.pending).as("no check of a server no nanny watches").isEmpty();
        assertThat(table()).isEmpty();
    }

    @Test
    void aCheckThatEndsAfterLvsdStoppedChangesNothing() {
        start(CF);
        director.shutdown(Director.EXIT_OK);
        probes.of("10.6.1.221").passes();
        assertThat(ipvs.services()).isEmpty();
    }
    @Test
    void theTableServesOnceAServerIsInItBeforeTheOtherChecksEnd() {
        List<Boolean> servingAtEachChange = new ArrayList<>();
        start(CF);
        director.onChange(() -> servingAtEachChange.add(director.serving()));
        assertThat(director.serving()).as("the service is in IPVS, but no server is").isFalse();

        probes.of("10.6.1.222").passes();
        assertThat(director.serving()).isTrue();
        assertThat(director.serverStates().serving()).isTrue();
        assertThat(director.serverStates().ready()).as("web1 has no verdict yet").isFalse();
        assertThat(servingAtEachChange).as("the admission is a change").containsExactly(true);
    }

    @Test
    void theTableServesOnceEveryCheckHasFailed() {
        List<Boolean> servingAtEachChange = new ArrayList<>();
        start(CF);
        director.onChange(() -> servingAtEachChange.add(director.serving()));
        probes.of("10.6.1.221").fails("CONNECT to 10.6.1.221:80 failed: Connection refused");
        assertThat(director.serving()).as("web2's check is still under way").isFalse();
        probes.of("10.6.1.222").fails("CONNECT to 10.6.1.222:80 failed: Connection refused");
        assertThat(director.serving()).as("nothing better to wait for before the nannies report").isTrue();
        assertThat(servingAtEachChange).as("each first failure is a change").containsExactly(false, true);
    }

    @Test
    void aQuiescedServerDoesNotMakeTheTableServe() {
        start(CF.replace("    reentry = 15\n", "    reentry = 15\n    quiesce_server = 1\n"));
        probes.of("10.6.1.221").passes();
        nannies.of("10.6.1.221").says("ready").down();
        assertThat(table()).as("quiesced: in IPVS at weight 0").containsExactly("10.6.1.221:80 0");
        assertThat(director.serving()).as("web2's check is still under way").isFalse();
    }

    @Test
    void aStoppingDirectorDoesNotServe() {
        start(CF);
        probes.of("10.6.1.221").passes();
        director.shutdown(Director.EXIT_OK);
        assertThat(director.serving()).isFalse();
    }
}
