package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.piranha.lvscf.LvsConfig;

/**
 * A parked lvsd's checks of its real servers, with pretend checks and a clock the test moves: one
 * check per server per interval, and at the takeover a fresh passing result (or the check under
 * way) answers the start-up check; anything else is checked then.
 */
class ParkedChecksTest {

    static final Director.Settings SETTINGS = new Director.Settings(Harness.NANNY, false, false);
    static final Duration INTERVAL = Duration.ofSeconds(6); // DirectorTest.SEED's timeout

    final LogCapture log = new LogCapture();
    final StartCheckDirectorTest.Probes probes = new StartCheckDirectorTest.Probes();
    final ManualTimers timers = new ManualTimers();
    final ParkedChecks checks = new ParkedChecks(probes, Runnable::run, timers);
    final List<StartProbe.Result> answers = new ArrayList<>();

    @AfterEach
    void closeLog() {
        log.close();
    }

    static List<ParkedChecks.Target> targets(String cf) {
        return ParkedChecks.targets(Harness.config(cf), SETTINGS);
    }

    List<String> argv(String address) {
        return targets(DirectorTest.SEED).stream()
                .filter(t -> t.nannyArgv().get(t.nannyArgv().indexOf("-h") + 1).equals(address))
                .findFirst().orElseThrow().nannyArgv();
    }

    @Test
    void eachServerIsCheckedAtOnceAndThenOncePerIntervalCountedFromTheStartOfTheLast() {
        checks.follow(targets(DirectorTest.SEED));
        assertThat(probes.pending).hasSize(2);

        timers.advance(Duration.ofSeconds(2));
        probes.of("10.6.1.221").passes();
        probes.of("10.6.1.222").passes();
        probes.pending.clear();
        timers.advance(Duration.ofMillis(3999));
        assertThat(probes.pending).as("checks before the interval is over").isEmpty();
        timers.advance(Duration.ofMillis(1));
        assertThat(probes.pending).hasSize(2);
    }

    @Test
    void aServerWhoseCheckPassedWithinTheIntervalIsAnsweredAtOnceWithoutAnotherCheck() {
        checks.follow(targets(DirectorTest.SEED));
        probes.of("10.6.1.221").passes();
        probes.pending.clear();
        timers.advance(Duration.ofSeconds(5));

        checks.stop();
        checks.probe(argv("10.6.1.221"), answers::add);

        assertThat(answers).containsExactly(new StartProbe.Result(true, null));
        assertThat(probes.pending).as("a check made at the takeover").isEmpty();
    }

    @Test
    void whileTheCheckAfterAPassIsUnderWayThePassAnswersAtOnce() {
        checks.follow(targets(DirectorTest.SEED));
        probes.of("10.6.1.221").passes();
        probes.pending.clear();
        timers.advance(INTERVAL.plusSeconds(1));
        assertThat(probes.pending).as("the next check, under way").hasSize(1);

        checks.stop();
        checks.probe(argv("10.6.1.221"), answers::add);

        assertThat(answers).containsExactly(new StartProbe.Result(true, null));
        assertThat(probes.pending).hasSize(1);
    }

    @Test
    void aCheckUnderWayAnswersTheStartWhenItEnds() {
        checks.follow(targets(DirectorTest.SEED));
        checks.stop();
        checks.probe(argv("10.6.1.222"), answers::add);
        assertThat(answers).isEmpty();

        probes.of("10.6.1.222").fails("connect refused");

        assertThat(answers).containsExactly(new StartProbe.Result(false, "connect refused"));
        assertThat(probes.pending).as("the one check under way, and no other").hasSize(2);
    }

    @Test
    void aFailedOrStaleResultOrAnUnknownServerIsCheckedAtTheTakeover() {
        checks.follow(targets(DirectorTest.SEED));
        probes.of("10.6.1.221").passes();
        probes.of("10.6.1.222").fails("connect refused");
        probes.pending.clear();
        checks.stop();

        checks.probe(argv("10.6.1.222"), answers::add);
        assertThat(probes.pending).as("failed: checked again").hasSize(1);

        timers.advance(INTERVAL);
        checks.probe(argv("10.6.1.221"), answers::add);
        assertThat(probes.pending).as("passed an interval ago: checked again").hasSize(2);

        List<String> other = new ArrayList<>(argv("10.6.1.221"));
        other.set(other.indexOf("-w") + 1, "5");
        checks.probe(other, answers::add);
        assertThat(probes.pending).as("a server it never checked").hasSize(3);
        assertThat(answers).isEmpty();
    }

    @Test
    void afterTheTakeoverNoFurtherCheckStarts() {
        checks.follow(targets(DirectorTest.SEED));
        probes.pending.forEach(StartCheckDirectorTest.Probes.Pending::passes);
        probes.pending.clear();
        checks.stop();

        timers.advance(INTERVAL.multipliedBy(3));

        assertThat(probes.pending).isEmpty();
        assertThat(timers.pendingCount()).isZero();
    }

    @Test
    void aReloadChecksNewServersAtOnceKeepsTheOthersScheduleAndForgetsRemovedOnes() {
        checks.follow(targets(DirectorTest.SEED));
        probes.of("10.6.1.221").passes();
        StartCheckDirectorTest.Probes.Pending removedUnderWay = probes.of("10.6.1.222");
        probes.pending.clear();
        timers.advance(Duration.ofSeconds(1));

        String reloaded = DirectorTest.SEED.replace("10.6.1.222", "10.6.1.223");
        checks.follow(targets(reloaded));
        assertThat(probes.pending).as("only the new server, at once").hasSize(1);
        assertThat(probes.of("10.6.1.223")).isNotNull();
        removedUnderWay.fails("gone");
        assertThat(log.lines()).noneMatch(l -> l.contains("10.6.1.222"));

        timers.advance(Duration.ofMillis(4999));
        assertThat(probes.pending).hasSize(1);
        timers.advance(Duration.ofMillis(1));
        assertThat(probes.pending).as("the kept server, an interval after its last check").hasSize(2);
    }

    @Test
    void aReloadThatChangesNothingWhileAServerIsCheckedKeepsItsSchedule() {
        checks.follow(targets(DirectorTest.SEED));
        checks.follow(targets(DirectorTest.SEED));
        assertThat(probes.pending).as("no second check while one is under way").hasSize(2);
        probes.of("10.6.1.221").passes();
        probes.pending.clear();

        timers.advance(INTERVAL);

        assertThat(probes.pending).extracting(p -> p.argv().get(p.argv().indexOf("-h") + 1))
                .containsExactly("10.6.1.221");
    }

    @Test
    void aFailureAndTheRecoveryAreLoggedOnceEach() {
        checks.follow(targets(DirectorTest.SEED));
        probes.of("10.6.1.221").fails("connect refused");
        probes.pending.clear();
        timers.advance(INTERVAL);
        probes.of("10.6.1.221").fails("connect refused");
        probes.pending.clear();
        timers.advance(INTERVAL);
        probes.of("10.6.1.221").passes();

        assertThat(log.lines()).filteredOn(l -> l.startsWith("parked: ")).containsExactly(
                "parked: real server web1 (10.6.1.221:80) of virtual service www did not pass this router's check:"
                        + " connect refused; should this router take over, it goes into the table only once a check"
                        + " passes",
                "parked: real server web1 (10.6.1.221:80) of virtual service www passes this router's check again");
    }

    @Test
    void theTargetsAreTheServersTheDirectorChecksAtStartWithItsNannyCommands() {
        LvsConfig config = Harness.config(DirectorTest.SEED.replace("    server web2 {",
                "    server web2 {\n        weight = 3"));
        List<ParkedChecks.Target> targets = ParkedChecks.targets(config, SETTINGS);

        assertThat(targets).extracting(ParkedChecks.Target::nannyArgv).containsExactly(
                NannyCommand.of(config.globals(), config.activeServices().get(0),
                        config.activeServices().get(0).activeServers().get(0), Harness.NANNY, false, false),
                NannyCommand.of(config.globals(), config.activeServices().get(0),
                        config.activeServices().get(0).activeServers().get(1), Harness.NANNY, false, false));
        assertThat(targets).extracting(ParkedChecks.Target::interval).containsOnly(INTERVAL);
        assertThat(ParkedChecks.targets(Harness.config(DirectorTest.SEED.replace("    expect = \"HTTP\"\n",
                "    expect = \"HTTP\"\n    send_program = \"/bin/true %h\"\n")), SETTINGS)).isEmpty();
    }

    @Test
    void aDirectorStartedWithFreshResultsServesWithoutWaitingForAnyCheck() {
        checks.follow(targets(DirectorTest.SEED));
        probes.pending.forEach(StartCheckDirectorTest.Probes.Pending::passes);
        probes.pending.clear();
        checks.stop();
        MemoryIpvs ipvs = new MemoryIpvs();

        Director director = new Director(Harness.config(DirectorTest.SEED), ipvs, new FakeNannies(), timers,
                SETTINGS, status -> { }, checks);
        director.start();

        assertThat(ipvs.destinations(DirectorTest.WWW)).hasSize(2);
        assertThat(probes.pending).isEmpty();
        director.shutdown(Director.EXIT_OK);
    }
}
