package org.piranha.it.lvsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.HttpRealServer;
import org.piranha.it.support.Installed;
import org.piranha.it.support.Kernel;
import org.piranha.it.support.Lan;
import org.piranha.it.support.Netns;

/**
 * The seed's setup, as the package ships it in /etc/sysconfig/ha/lvs.cf: VIP 10.6.1.214:80, wlc,
 * persistent 600, web1 and web2 by direct routing, on one segment with a client. Only the check
 * interval and reentry are shortened.
 */
@Tag("ipvs")
class LvsdDirectRoutingIT {

    static final String SERVICE = "TCP 10.6.1.214:80 wlc persistent 600";
    static final String WEB1 = "-> 10.6.1.221:80 Route 1";
    static final String WEB2 = "-> 10.6.1.222:80 Route 1";

    static Lan lan;
    static Netns director;
    static Netns client;
    static HttpRealServer web1;
    static HttpRealServer web2;
    LvsdRun lvsd;

    @BeforeAll
    static void segment() {
        Kernel.requireIpvs();
        lan = new Lan();
        director = Netns.create("lb1");
        client = Netns.create("client");
        lan.attach(director, "eth0", "10.6.1.201/24");
        director.ok("ip", "addr", "add", "10.6.1.214/32", "dev", "eth0");
        lan.attach(client, "eth0", "10.6.1.100/24");
        web1 = HttpRealServer.create(lan, "web1", "10.6.1.221/24").acceptVip("10.6.1.214");
        web2 = HttpRealServer.create(lan, "web2", "10.6.1.222/24").acceptVip("10.6.1.214");
    }

    @AfterAll
    static void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {web1, web2, client, director, lan}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @BeforeEach
    void bothServersAnswer() {
        web1.serve(80);
        web2.serve(80);
    }

    @AfterEach
    void stopLvsd() {
        if (lvsd != null) {
            lvsd.close();
        }
    }

    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration REENTRY = Duration.ofSeconds(2);
    /**
     * A server that stops is removed at the next check, about one interval later (0.9 to 3 s
     * measured in the emulated VM); this bound catches only a removal far slower than that,
     * leaving room for a slow VM on shared cores.
     */
    static final Duration REMOVAL_LIMIT = INTERVAL.multipliedBy(15);

    /** The shipped example with a 1 s check and 2 s reentry, so the test needs no minutes. */
    static String seed() throws IOException {
        String shipped = Files.readString(Installed.root().resolve("etc/sysconfig/ha/lvs.cf"));
        assertThat(shipped).contains("timeout = 6", "reentry = 15", "network = direct", "persistent = 600");
        return shipped.replace("timeout = 6", "timeout = " + INTERVAL.toSeconds())
                .replace("reentry = 15", "reentry = " + REENTRY.toSeconds());
    }

    @Test
    void theSeedsTableOnceBothServersAnswerAndNothingLeftAfterTerm() throws Exception {
        lvsd = LvsdRun.start(director, seed());
        lvsd.awaitLine("lvsd[");
        lvsd.awaitLine("starting virtual service www active: 80");
        lvsd.awaitLine("create_monitor for www/web1 running as pid ");
        lvsd.awaitLine("create_monitor for www/web2 running as pid ");
        lvsd.awaitTable(SERVICE, WEB1, WEB2); // lvsd's start-up check may fill it before the nannies report
        lvsd.awaitLine("nanny[" + lvsd.nannyPid("www/web1") + "]: starting LVS client monitor for 10.6.1.214:80 -> 10.6.1.221:80");

        String answer = client.ok("curl", "-s", "--max-time", "20", "http://10.6.1.214/").trim();
        assertThat(answer).as("an answer through the VIP by direct routing").isIn("web1", "web2");

        Collection<Long> nannies = lvsd.nannyPids().values();
        assertThat(lvsd.stop()).isZero();
        assertThat(lvsd.table()).as("SIGTERM leaves no entries").isEmpty();
        assertThat(lvsd.printed("shutting down due to signal 15")).isTrue();
        assertThat(lvsd.printed("shutting down virtual service www")).isTrue();
        await().atMost(LvsdRun.WAIT).until(() -> nannies.stream().noneMatch(
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    @Test
    void aServerThatStopsLeavesAndComesBackAfterReentryOrIsQuiescedWithQuiesceServer() throws Exception {
        lvsd = LvsdRun.start(director, seed());
        lvsd.awaitTable(SERVICE, WEB1, WEB2);
        // the table may come from lvsd's start-up check: the nannies must have taken over
        lvsd.awaitLine("nanny[" + lvsd.nannyPid("www/web1") + "]: [ active ] making 10.6.1.221:80 available");
        lvsd.awaitLine("nanny[" + lvsd.nannyPid("www/web2") + "]: [ active ] making 10.6.1.222:80 available");

        int mark = lvsd.mark();
        long stopped = System.nanoTime();
        web1.stop(80);
        lvsd.awaitTable(SERVICE, WEB2);
        long removed = System.nanoTime();
        lvsd.awaitLineAfter(mark, "[inactive] shutting down 10.6.1.221:80 due to connection failure");

        mark = lvsd.mark();
        long serving = System.nanoTime(); // taken before it serves: an earlier start only shortens what is measured
        web1.serve(80);
        lvsd.awaitTable(SERVICE, WEB1, WEB2);
        long readded = System.nanoTime();
        lvsd.awaitLineAfter(mark, "[ active ] making 10.6.1.221:80 available");
        Duration removal = Duration.ofNanos(removed - stopped);
        Duration reentry = Duration.ofNanos(readded - serving);
        System.out.printf("lvsd DR: removed %d ms after the server stopped (check interval %d s),"
                + " re-added %d ms after it served again (reentry %d s)%n",
                removal.toMillis(), INTERVAL.toSeconds(), reentry.toMillis(), REENTRY.toSeconds());
        assertThat(removal).as("removed at the first failed check, not after several").isLessThan(REMOVAL_LIMIT);
        // checks start at least one interval apart, and the third success in a row (reentry / interval
        // successes counted after the first) admits it: never sooner than reentry after it served again
        assertThat(reentry).as("re-added only after reentry").isGreaterThanOrEqualTo(REENTRY);

        // quiesce_server = 1: a failed server stays with weight 0
        mark = lvsd.reload(seed().replace("quiesce_server = 0", "quiesce_server = 1"));
        lvsd.awaitLineAfter(mark, "restarting nanny for child www/web2");
        lvsd.awaitLineAfter(mark, "create_monitor for www/web2 running as pid ");
        assertThat(lvsd.table()).containsExactly(SERVICE, WEB1, WEB2);
        lvsd.awaitLineAfter(mark, "nanny[" + lvsd.nannyPid("www/web2") + "]: [ active ] making 10.6.1.222:80 available");
        int quiesceMark = lvsd.mark();
        web2.stop(80);
        lvsd.awaitTable(SERVICE, WEB1, "-> 10.6.1.222:80 Route 0");
        lvsd.awaitLineAfter(quiesceMark, "[inactive] shutting down 10.6.1.222:80 due to connection failure");
        web2.serve(80);
        lvsd.awaitTable(SERVICE, WEB1, WEB2);

        assertThat(lvsd.stop()).isZero();
        assertThat(lvsd.table()).isEmpty();
    }
}
