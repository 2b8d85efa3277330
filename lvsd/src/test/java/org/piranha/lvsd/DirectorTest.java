package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.Protocol;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;

/** lvsd's logic on a table in memory with pretend nannies: reports, deaths, sorry server, reloads. */
class DirectorTest {

    static final String SEED = """
            primary = 10.6.1.201
            service = lvs
            network = direct
            virtual www {
                active = 1
                address = 10.6.1.214 eth0:1
                port = 80
                scheduler = wlc
                persistent = 600
                send = "GET / HTTP/1.0\\r\\n\\r\\n"
                expect = "HTTP"
                timeout = 6
                reentry = 15
                server web1 {
                    address = 10.6.1.221
                    active = 1
                    weight = 1
                }
                server web2 {
                    address = 10.6.1.222
                    active = 1
                    weight = 1
                }
            }
            """;

    static final ServiceKey WWW = ServiceKey.of(Protocol.TCP, ip("10.6.1.214"), 80);

    final LogCapture log = new LogCapture();

    @AfterEach
    void closeLog() {
        log.close();
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void startCreatesTheServiceAndOneNannyPerRealServerButNoRealServerBeforeItsNannyReports() {
        Harness h = new Harness(SEED).start();

        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600");
        assertThat(h.nannies.started).hasSize(2);
        assertThat(h.nannies.of("10.6.1.221").argv).containsExactly("/usr/sbin/nanny", "-c", "-h", "10.6.1.221",
                "-p", "80", "-r", "80", "-s", "GET / HTTP/1.0\\r\\n\\r\\n", "-x", "HTTP", "-a", "15",
                "-I", "/sbin/ipvsadm", "-t", "6", "-w", "1", "-V", "10.6.1.214", "-M", "g", "--lvs");
        assertThat(log.lines()).contains("starting virtual service www active: 80",
                "create_monitor for www/web1 running as pid 1000", "create_monitor for www/web2 running as pid 1001");
    }

    @Test
    void upAddsWithTheNetworkMethodAndWeightDownRemovesQuiesceZeroesTheWeight() {
        Harness h = new Harness(SEED).start();
        h.nannies.of("10.6.1.221").says("ready").up(1);
        h.nannies.of("10.6.1.222").says("ready").up(1);
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600",
                "-> 10.6.1.221:80 ROUTE 1", "-> 10.6.1.222:80 ROUTE 1");

        h.nannies.of("10.6.1.221").up(4);
        assertThat(h.table()).contains("-> 10.6.1.221:80 ROUTE 4");
        h.nannies.of("10.6.1.221").down();
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600", "-> 10.6.1.222:80 ROUTE 1");
        h.nannies.of("10.6.1.222").says("quiesce");
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600", "-> 10.6.1.222:80 ROUTE 0");
        h.nannies.of("10.6.1.222").up(1);
        assertThat(h.table()).contains("-> 10.6.1.222:80 ROUTE 1");
    }

    @Test
    void withQuiesceServerARestartedNannysFirstDownOnlyZeroesTheWeight() {
        Harness h = new Harness(SEED.replace("    reentry = 15\n", "    reentry = 15\n    quiesce_server = 1\n")).start();
        h.nannies.of("10.6.1.221").says("ready").up(1);
        h.nannies.of("10.6.1.221").dies(137);
        h.timers.advance(Duration.ofSeconds(1));
        h.nannies.of("10.6.1.221").says("ready").down();
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600", "-> 10.6.1.221:80 ROUTE 0");
        h.nannies.of("10.6.1.222").says("ready").down();
        assertThat(h.table()).as("never admitted, so not added").hasSize(2);
    }

    @Test
    void natUsesTheRealPortAndMasqueradingWhileDirectRoutingKeepsTheVirtualPort() {
        String nat = SEED.replace("network = direct", "network = nat")
                .replace("        weight = 1\n    }\n    server web2", "        weight = 1\n        port = 8080\n    }\n    server web2");
        Harness h = new Harness(nat).start();
        h.nannies.of("10.6.1.221").says("ready").up(1);
        assertThat(h.table()).contains("-> 10.6.1.221:8080 MASQ 1");
        assertThat(h.nannies.of("10.6.1.221").argv).containsSubsequence("-r", "8080").containsSubsequence("-M", "m");

        Harness direct = new Harness(nat.replace("network = nat", "network = direct")).start();
        direct.nannies.of("10.6.1.221").says("ready").up(1);
        assertThat(direct.table()).contains("-> 10.6.1.221:80 ROUTE 1");
        assertThat(direct.nannies.of("10.6.1.221").argv).containsSubsequence("-r", "8080");
    }

    @Test
    void nannyLogLinesAreRelayedUnderItsOwnNameAndPidAndUnknownLinesAreIgnored() {
        Harness h = new Harness(SEED).start();
        h.nannies.of("10.6.1.221").says("ready").says("log info [ active ] making 10.6.1.221:80 available")
                .says("frobnicate 3");
        h.nannies.of("10.6.1.221").warns("[warning][cds] Unable to use shared archive");
        assertThat(log.lines()).contains("nanny[1000]: [ active ] making 10.6.1.221:80 available",
                "nanny[1000]: [warning][cds] Unable to use shared archive",
                "nanny[1000] reported a line lvsd does not understand (ignored): frobnicate 3");
        assertThat(h.table()).hasSize(1);
    }

    @Test
    void aLeftoverTableIsAdoptedNotFlushed() throws Exception {
        MemoryIpvs leftover = new MemoryIpvs();
        leftover.addService(Service.builder(WWW).scheduler("rr").build());
        leftover.addDestination(WWW, Destination.builder(ip("10.6.1.221"), 80).weight(1).build());
        leftover.addDestination(WWW, Destination.builder(ip("10.6.1.222"), 80).weight(1).build());
        leftover.addDestination(WWW, Destination.builder(ip("10.6.1.229"), 80).weight(1).build());
        ServiceKey old = ServiceKey.of(Protocol.TCP, ip("10.6.1.215"), 80);
        leftover.addService(Service.builder(old).build());

        Harness h = new Harness(SEED, leftover).start();

        // edited in place (rr -> wlc, persistent), the undefined service and the stray server removed,
        // the configured servers kept until their nannies report
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600",
                "-> 10.6.1.221:80 ROUTE 1", "-> 10.6.1.222:80 ROUTE 1");
        h.nannies.of("10.6.1.221").says("ready").up(1);
        h.nannies.of("10.6.1.222").says("ready").down();
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600", "-> 10.6.1.221:80 ROUTE 1");
        assertThat(log.lines()).contains("removing virtual service TCP 10.6.1.215:80 from IPVS: lvs.cf does not define it",
                "removed real server 10.6.1.229:80 from virtual service www: it has no active connections");
    }

    @Test
    void sorryServerComesInWhenNoRealServerIsUpAndLeavesWhenOneIs() {
        Harness h = new Harness(SEED.replace("    reentry = 15\n", "    reentry = 15\n    sorry_server = 10.6.1.230\n")).start();
        assertThat(h.nannies.of("10.6.1.221").argv).contains("--nodaemon");
        h.nannies.of("10.6.1.221").says("ready").down();
        assertThat(h.table()).hasSize(1); // web2 has not reported yet: no verdict on the service
        h.nannies.of("10.6.1.222").says("ready").down();
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600", "-> 10.6.1.230:80 ROUTE 1");
        assertThat(log.lines()).contains("Virtual Server www: No real servers; activate sorry_server 10.6.1.230");

        h.nannies.of("10.6.1.222").up(1);
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600", "-> 10.6.1.222:80 ROUTE 1");
        assertThat(log.lines()).contains("Virtual Server www: 1 real servers; deactivate sorry_server 10.6.1.230");
    }

    @Test
    void aDeadNannyIsStartedAgainWithBackoffWhileItsServerKeepsItsState() {
        Harness h = new Harness(SEED).start();
        FakeNannies.Fake first = h.nannies.of("10.6.1.221");
        first.says("ready").up(1);
        first.dies(137);
        assertThat(h.table()).contains("-> 10.6.1.221:80 ROUTE 1");
        assertThat(log.lines()).contains(
                "nanny for child www/web1 (pid 1000) was killed by signal 9; starting it again in 1 s (its real server stays as it is)");
        assertThat(h.nannies.startsFor("10.6.1.221")).isEqualTo(1);
        h.timers.advance(Duration.ofSeconds(1));
        assertThat(h.nannies.startsFor("10.6.1.221")).isEqualTo(2);
        assertThat(h.nannies.of("10.6.1.221").argv).isEqualTo(first.argv);

        h.nannies.of("10.6.1.221").dies(1);
        h.timers.advance(Duration.ofMillis(1999));
        assertThat(h.nannies.startsFor("10.6.1.221")).isEqualTo(2);
        h.timers.advance(Duration.ofMillis(1));
        assertThat(h.nannies.startsFor("10.6.1.221")).isEqualTo(3);
        assertThat(h.exitStatus).isNull();
    }

    static final String WEIGHT_100 = SEED.replaceFirst("weight = 1", "weight = 100");

    /** web1 (weight 100) is up at its full weight after its nanny's slow start. */
    private static Harness web1AtFullWeight(String lvsCf) {
        Harness h = new Harness(lvsCf).start();
        FakeNannies.Fake nanny = h.nannies.of("10.6.1.221").says("ready");
        for (int weight : new int[] {3, 6, 12, 25, 50, 100}) {
            nanny.up(weight);
        }
        assertThat(h.table()).contains("-> 10.6.1.221:80 ROUTE 100");
        return h;
    }

    @Test
    void aServerThatIsUpKeepsItsWeightWhileItsRestartedNannyClimbsItsSlowStart() {
        Harness h = web1AtFullWeight(WEIGHT_100);
        h.nannies.of("10.6.1.221").dies(137);
        h.timers.advance(Duration.ofSeconds(1));
        FakeNannies.Fake restarted = h.nannies.of("10.6.1.221").says("ready");
        for (int weight : new int[] {3, 6, 12, 25, 50}) {
            restarted.up(weight);
            assertThat(h.table()).as("after up weight=%d", weight).contains("-> 10.6.1.221:80 ROUTE 100");
        }
        restarted.up(100);
        restarted.down();
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600");
        restarted.up(3);
        assertThat(h.table()).as("once down, a new admission starts slow again").contains("-> 10.6.1.221:80 ROUTE 3");
    }

    @Test
    void aServerFoundInIpvsAtStartKeepsItsWeightWhileItsNannyClimbsItsSlowStart() throws Exception {
        MemoryIpvs leftover = new MemoryIpvs();
        leftover.addService(Service.builder(WWW).scheduler("wlc").persistent(600).build());
        leftover.addDestination(WWW, Destination.builder(ip("10.6.1.221"), 80).weight(100).build());
        leftover.addDestination(WWW, Destination.builder(ip("10.6.1.222"), 80).weight(1).build());
        Harness h = new Harness(WEIGHT_100, leftover).start(); // an lvsd that died left its table

        FakeNannies.Fake nanny = h.nannies.of("10.6.1.221").says("ready");
        for (int weight : new int[] {3, 6, 12, 25, 50}) {
            nanny.up(weight);
            assertThat(h.table()).as("after up weight=%d", weight).contains("-> 10.6.1.221:80 ROUTE 100");
        }
        nanny.up(100);
        nanny.down();
        nanny.up(3);
        assertThat(h.table()).as("once down, a new admission starts slow").contains("-> 10.6.1.221:80 ROUTE 3");
    }

    @Test
    void aServerFoundInIpvsAtStartIsRemovedWhenItsNannyFindsItDown() throws Exception {
        MemoryIpvs leftover = new MemoryIpvs();
        leftover.addService(Service.builder(WWW).scheduler("wlc").build());
        leftover.addDestination(WWW, Destination.builder(ip("10.6.1.221"), 80).weight(100).build());
        Harness h = new Harness(WEIGHT_100, leftover).start();
        h.nannies.of("10.6.1.221").says("ready").down();
        assertThat(h.table()).noneMatch(line -> line.contains("10.6.1.221"));
    }

    @Test
    void aRestartedNannysFirstDownStillRemovesTheServer() {
        Harness h = web1AtFullWeight(WEIGHT_100);
        h.reload(WEIGHT_100.replace("timeout = 6", "timeout = 5"));
        assertThat(h.table()).contains("-> 10.6.1.221:80 ROUTE 100");
        h.nannies.of("10.6.1.221").says("ready").down();
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600");
    }

    @Test
    void aReloadThatChangesTheWeightAppliesItDespiteTheHeldWeight() {
        Harness h = web1AtFullWeight(WEIGHT_100);
        h.reload(SEED.replaceFirst("weight = 1", "weight = 50"));
        assertThat(h.nannies.startsFor("10.6.1.221")).isEqualTo(2);
        assertThat(h.table()).as("lowered at once").contains("-> 10.6.1.221:80 ROUTE 50");
        h.nannies.of("10.6.1.221").says("ready").up(1);
        assertThat(h.table()).contains("-> 10.6.1.221:80 ROUTE 50");

        h.reload(SEED.replaceFirst("weight = 1", "weight = 200"));
        FakeNannies.Fake raised = h.nannies.of("10.6.1.221").says("ready");
        raised.up(6);
        assertThat(h.table()).as("kept while the new nanny climbs").contains("-> 10.6.1.221:80 ROUTE 50");
        raised.up(100);
        assertThat(h.table()).contains("-> 10.6.1.221:80 ROUTE 100");
        raised.up(200);
        assertThat(h.table()).contains("-> 10.6.1.221:80 ROUTE 200");
    }

    @Test
    void fiveDeathsInAMinuteWithHardShutdownShutLvsDown() {
        Harness h = new Harness(SEED).start();
        h.nannies.of("10.6.1.222").says("ready").up(1);
        killRepeatedly(h, "10.6.1.221", 5);
        assertThat(log.lines()).contains("nanny for child www/web1 died! shutting down lvs",
                "shutting down virtual service www");
        assertThat(h.exitStatus).isEqualTo(Director.EXIT_HARD_SHUTDOWN);
        assertThat(h.table()).isEmpty();
        assertThat(h.nannies.started).allMatch(n -> !n.running());
    }

    @Test
    void fiveDeathsInAMinuteWithoutHardShutdownLeaveTheServerAsItIsAndGoOn() {
        Harness h = new Harness(SEED.replace("network = direct", "network = direct\nhard_shutdown = 0")).start();
        h.nannies.of("10.6.1.221").says("ready").up(1);
        killRepeatedly(h, "10.6.1.221", 5);
        assertThat(log.lines()).contains("nanny for child www/web1 died! manual action needed!");
        assertThat(h.exitStatus).isNull();
        assertThat(h.table()).contains("-> 10.6.1.221:80 ROUTE 1");
        h.timers.advance(Duration.ofMinutes(5));
        assertThat(h.nannies.startsFor("10.6.1.221")).isEqualTo(5);

        h.reload(SEED.replace("network = direct", "network = direct\nhard_shutdown = 0"));
        assertThat(h.nannies.startsFor("10.6.1.221")).as("a reload starts a nanny lvsd gave up on").isEqualTo(6);
    }

    private static void killRepeatedly(Harness h, String server, int times) {
        for (int i = 0; i < times; i++) {
            h.nannies.of(server).dies(1);
            h.timers.advance(Duration.ofSeconds(10));
        }
    }

    @Test
    void exitStatusTwoIsNotRetriedAndCountsAsGivingUp() {
        Harness h = new Harness(SEED.replace("network = direct", "network = direct\nhard_shutdown = 0")).start();
        h.nannies.of("10.6.1.221").warns("nanny: bad IP address -- 10.6.1.221x");
        h.nannies.of("10.6.1.221").dies(2);
        h.timers.advance(Duration.ofMinutes(1));
        assertThat(h.nannies.startsFor("10.6.1.221")).isEqualTo(1);
        assertThat(log.lines()).contains("nanny[1000]: nanny: bad IP address -- 10.6.1.221x",
                "nanny for child www/web1 died! manual action needed!");
    }

    @Test
    void aNannyThatCannotBeStartedIsGivenUpOn() {
        Harness h = new Harness(SEED);
        h.nannies.failStarts = true;
        h.start();
        assertThat(h.exitStatus).isEqualTo(Director.EXIT_HARD_SHUTDOWN);
        assertThat(log.lines()).anyMatch(l -> l.startsWith("cannot start nanny for child www/web1: "));
    }

    @Test
    void termStopsTheNanniesAndRemovesTheServices() {
        Harness h = new Harness(SEED).start();
        h.nannies.of("10.6.1.221").says("ready").up(1);
        FakeNannies.Fake ready = h.nannies.of("10.6.1.221");
        FakeNannies.Fake notReady = h.nannies.of("10.6.1.222");
        h.director.shutdown(Director.EXIT_OK);
        assertThat(h.table()).isEmpty();
        assertThat(h.exitStatus).isZero();
        assertThat(ready.terminated).isTrue();
        assertThat(notReady.stopped).isTrue();
        assertThat(notReady.terminated).as("never signalled before ready").isFalse();
        assertThat(log.lines()).contains("shutting down virtual service www");
        ready.down(); // its last words change nothing
        assertThat(h.table()).isEmpty();
    }

    @Test
    void aFailedChangeIsLoggedAndTriedAgainWithoutKillingAnything() throws Exception {
        Harness h = new Harness(SEED).start();
        h.ipvs.deleteService(WWW); // removed by hand behind lvsd's back
        h.nannies.of("10.6.1.221").says("ready").up(1);
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600", "-> 10.6.1.221:80 ROUTE 1");
        assertThat(log.lines()).contains("virtual service TCP 10.6.1.214:80 is missing from IPVS (removed by hand?): adding it again");

        h.flaky.refuseDestinations = true;
        h.nannies.of("10.6.1.222").says("ready").up(1);
        assertThat(h.table()).doesNotContain("-> 10.6.1.222:80 ROUTE 1");
        assertThat(log.lines()).contains("ipvsadm failed for virtual server www! cannot add real server 10.6.1.222:80"
                + " of virtual service TCP 10.6.1.214:80: Invalid argument;"
                + " IPVS needs a route to the real server: give this router an address on its subnet");
        h.flaky.refuseDestinations = false;
        h.timers.advance(Director.RETRY);
        assertThat(h.table()).contains("-> 10.6.1.222:80 ROUTE 1");
        assertThat(h.exitStatus).isNull();
    }

    @Test
    void aServiceIpvsRefusesIsLoggedWithPiranhasLineAndItsNameAndLvsdGoesOn() {
        Harness h = new Harness(SEED);
        h.flaky.refuseServices = true;
        h.start();
        assertThat(log.lines()).contains("ipvsadm failed for virtual server www! cannot add virtual service"
                + " TCP 10.6.1.214:80: scheduler wlc is not available in this kernel (module ip_vs_wlc);"
                + " load the missing kernel module");
        assertThat(h.table()).isEmpty();
        assertThat(h.nannies.started).as("its nannies run all the same").hasSize(2);
        assertThat(h.exitStatus).isNull();
    }

    @Test
    void aRefusedServiceIsTriedAgainAndGetsItsRealServersOnceIpvsTakesIt() {
        Harness h = new Harness(SEED);
        h.flaky.refuseServices = true;
        h.start();
        h.nannies.of("10.6.1.221").says("ready").up(1);
        h.nannies.of("10.6.1.222").says("ready").up(1);
        assertThat(h.table()).isEmpty();
        assertThat(log.lines()).contains("trying virtual service www again in 5 s")
                .noneMatch(line -> line.contains("cannot add real server"));

        h.timers.advance(Director.RETRY);
        assertThat(h.table()).as("still refused").isEmpty();

        h.flaky.refuseServices = false; // the operator loaded the scheduler's module
        h.timers.advance(Director.RETRY);
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600",
                "-> 10.6.1.221:80 ROUTE 1", "-> 10.6.1.222:80 ROUTE 1");
        assertThat(log.lines()).contains("virtual service www is in IPVS now");
        int lines = log.lines().size();
        h.timers.advance(Director.RETRY.multipliedBy(3));
        assertThat(log.lines()).as("no more retries").hasSize(lines);
    }

    // --- reload ---

    private static Harness running() {
        Harness h = new Harness(SEED).start();
        h.nannies.of("10.6.1.221").says("ready").up(1);
        h.nannies.of("10.6.1.222").says("ready").up(1);
        return h;
    }

    @Test
    void reloadOfSchedulerAndPersistenceEditsInPlaceAndKeepsEveryNanny() {
        Harness h = running();
        h.reload(SEED.replace("scheduler = wlc", "scheduler = rr").replace("persistent = 600", "persistent = 300"));
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 rr persistent 300",
                "-> 10.6.1.221:80 ROUTE 1", "-> 10.6.1.222:80 ROUTE 1");
        assertThat(h.nannies.started).hasSize(2);
        assertThat(h.nannies.started).noneMatch(n -> n.stopped);
    }

    @Test
    void reloadOfACheckRestartsTheNanniesOfThatServiceOnlyAndOfAWeightOnlyThatServersNanny() {
        String twoServices = SEED + SEED.substring(SEED.indexOf("virtual www"))
                .replace("virtual www", "virtual mail").replace("port = 80", "port = 25")
                .replace("10.6.1.22", "10.6.1.23");
        Harness h = new Harness(twoServices).start();
        h.nannies.started.forEach(n -> n.says("ready").up(1));

        h.reload(twoServices.replaceFirst("timeout = 6", "timeout = 0.5"));
        assertThat(h.nannies.startsFor("10.6.1.221")).isEqualTo(2);
        assertThat(h.nannies.startsFor("10.6.1.222")).isEqualTo(2);
        assertThat(h.nannies.startsFor("10.6.1.231")).isEqualTo(1);
        assertThat(h.nannies.of("10.6.1.221").argv).containsSubsequence("-t", "0.5");
        assertThat(h.table()).as("servers keep their state until the new nannies report")
                .contains("-> 10.6.1.221:80 ROUTE 1", "-> 10.6.1.222:80 ROUTE 1");

        h.reload(twoServices.replaceFirst("timeout = 6", "timeout = 0.5")
                .replaceFirst("(?s)(address = 10.6.1.222\\s+active = 1\\s+)weight = 1", "$1weight = 5"));
        assertThat(h.nannies.startsFor("10.6.1.222")).isEqualTo(3);
        assertThat(h.nannies.startsFor("10.6.1.221")).isEqualTo(2);
        assertThat(h.nannies.of("10.6.1.222").argv).containsSubsequence("-w", "5");
        FakeNannies.Fake retired = h.nannies.started.get(h.nannies.started.size() - 2);
        retired.down(); // a retired nanny's last "down" is not applied
        assertThat(h.table()).contains("-> 10.6.1.222:80 ROUTE 1");
        h.nannies.of("10.6.1.222").says("ready").up(5);
        assertThat(h.table()).contains("-> 10.6.1.222:80 ROUTE 5");
    }

    @Test
    void reloadRemovingAServerDrainsItUntilItsConnectionsEnd() {
        Harness h = running();
        Endpoint web2 = new Endpoint(ip("10.6.1.222"), 80);
        h.ipvs.setActiveConnections(web2, 3);
        h.reload(SEED.replaceFirst("(?s)    server web2 \\{.*?\\}\n", ""));
        assertThat(h.nannies.startsFor("10.6.1.222")).isEqualTo(1);
        assertThat(h.nannies.started.get(1).stopped).isTrue();
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600",
                "-> 10.6.1.221:80 ROUTE 1", "-> 10.6.1.222:80 ROUTE 0");
        h.timers.advance(Duration.ofSeconds(5));
        assertThat(h.table()).contains("-> 10.6.1.222:80 ROUTE 0");
        assertThat(h.director.serverStates().servers()).extracting(s -> s.server() + " " + s.state())
                .as("pulse --status lists the drained server by its address").containsExactly("web1 up",
                        "10.6.1.222:80 draining");
        h.ipvs.setActiveConnections(web2, 0);
        h.timers.advance(Drains.POLL);
        assertThat(h.table()).containsExactly("-t 10.6.1.214:80 wlc persistent 600", "-> 10.6.1.221:80 ROUTE 1");
        assertThat(log.lines()).contains(
                "removed real server 10.6.1.222:80 from virtual service www: its active connections ended");
    }

    @Test
    void eachServersChecksAreCountedForTheMetrics() {
        Harness h = running();
        h.nannies.of("10.6.1.221").says("checked ok us=1500").says("checked failed us=6000000")
                .says("checked ok us=2500");
        StatusReporter.Checks web1 = h.director.serverStates().servers().stream()
                .filter(s -> s.server().equals("web1")).findFirst().orElseThrow().checks();
        assertThat(web1).isEqualTo(new StatusReporter.Checks(3, 1, 6_004_000, 2500));
        assertThat(h.director.serverStates().servers().stream().filter(s -> s.server().equals("web2"))
                .findFirst().orElseThrow().checks()).isEqualTo(StatusReporter.Checks.NONE);
        assertThat(log.lines()).noneMatch(l -> l.contains("does not understand"));
        StringBuilder line = new StringBuilder();
        StatusReporter.line(line, h.director.serverStates().servers().get(0), java.util.Optional.empty());
        assertThat(line.toString()).isEqualTo(
                "server www web1 state=up checks=3 failed=1 check_us=6004000 last_check_us=2500 weight=-\n");
    }

    @Test
    void aDrainEndsAtItsLimitEvenWithConnectionsLeft() {
        Harness h = running();
        h.ipvs.setActiveConnections(new Endpoint(ip("10.6.1.222"), 80), 3);
        h.reload(SEED.replace("        active = 1\n        weight = 1\n    }\n}", "        active = 0\n        weight = 1\n    }\n}"));
        assertThat(h.table()).contains("-> 10.6.1.222:80 ROUTE 0");
        h.timers.advance(Drains.LIMIT.minusSeconds(2));
        assertThat(h.table()).contains("-> 10.6.1.222:80 ROUTE 0");
        h.timers.advance(Duration.ofSeconds(3));
        assertThat(h.table()).doesNotContain("-> 10.6.1.222:80 ROUTE 0");
    }

    @Test
    void reloadAddingAServerStartsOnlyItsNanny() {
        Harness h = running();
        h.reload(SEED.replace("    server web2 {", "    server web3 {\n        address = 10.6.1.223\n        active = 1\n    }\n    server web2 {"));
        assertThat(h.nannies.started).hasSize(3);
        assertThat(h.nannies.started).noneMatch(n -> n.stopped);
        h.nannies.of("10.6.1.223").says("ready").up(1);
        assertThat(h.table()).contains("-> 10.6.1.223:80 ROUTE 1");
    }

    @Test
    void renamingTouchesNothing() {
        Harness h = running();
        h.reload(SEED.replace("virtual www", "virtual web").replace("server web1", "server first"));
        assertThat(h.nannies.started).hasSize(2).noneMatch(n -> n.stopped);
        assertThat(h.table()).hasSize(3);
        assertThat(log.lines()).contains("virtual service www is now called web");
    }

    @Test
    void reloadChangingTheVipReplacesTheServiceAndRemovingItDeletesIt() {
        Harness h = running();
        h.reload(SEED.replace("10.6.1.214 eth0:1", "10.6.1.215 eth0:1"));
        assertThat(h.table()).containsExactly("-t 10.6.1.215:80 wlc persistent 600");
        assertThat(log.lines()).contains("shutting down virtual service www", "starting virtual service www active: 80");
        assertThat(h.nannies.started).hasSize(4);

        h.reload(SEED.substring(0, SEED.indexOf("virtual www")) + SEED.substring(SEED.indexOf("virtual www"))
                .replace("virtual www", "virtual other").replace("port = 80", "port = 81"));
        assertThat(h.table()).containsExactly("-t 10.6.1.214:81 wlc persistent 600");
    }

    @Test
    void reloadOfTheTimeoutsSetsThemAndOfHardShutdownChangesWhatADeathDoes() {
        Harness h = running();
        h.reload(SEED.replace("network = direct", "network = direct\ntcp_timeout = 30\nudp_timeout = 20\nhard_shutdown = 0"));
        assertThat(h.ipvs.timeouts().tcp()).isEqualTo(Duration.ofSeconds(30));
        assertThat(h.ipvs.timeouts().udp()).isEqualTo(Duration.ofSeconds(20));
        assertThat(h.ipvs.timeouts().tcpFin()).isEqualTo(Duration.ofSeconds(120));
        killRepeatedly(h, "10.6.1.221", 5);
        assertThat(h.exitStatus).isNull();
    }

    @Test
    void reloadOfTheNetworkChangesForwardingInPlaceAndRestartsTheNannies() {
        Harness h = running();
        h.reload(SEED.replace("network = direct", "network = tunnel"));
        assertThat(h.table()).contains("-> 10.6.1.221:80 TUNNEL 1", "-> 10.6.1.222:80 TUNNEL 1");
        assertThat(h.nannies.of("10.6.1.221").argv).containsSubsequence("-M", "i");
        assertThat(h.nannies.started).hasSize(4);
    }
}
