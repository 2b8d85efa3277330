package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.DirectorPair.WAIT;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Kernel;
import org.piranha.it.support.Netns;

/**
 * The full pair on real IPVS: pulse, lvsd and the nannies on two directors, two real servers by
 * direct routing, and a client that keeps asking through the VIP while the active director's
 * pulse is killed, comes back and the other one is stopped.
 */
@Tag("ipvs")
class PulsePairIT {

    static final String SERVICE = "TCP 10.6.7.100:80 rr";
    static final List<String> TABLE = List.of(SERVICE, "-> 10.6.7.21:80 Route 1", "-> 10.6.7.22:80 Route 1");

    @BeforeAll
    static void ipvs() {
        Kernel.requireIpvs();
    }

    /** {@code ipvsadm -Ln} of a director: services and real servers, blanks squeezed, no counters. */
    static List<String> table(Netns director) {
        return director.ok("ipvsadm", "-Ln").lines().map(line -> line.trim().replaceAll("\\s+", " "))
                .filter(line -> line.startsWith("TCP ") || line.startsWith("-> ") && !line.startsWith("-> RemoteAddress"))
                .map(line -> line.startsWith("-> ") ? String.join(" ", List.of(line.split(" ")).subList(0, 4)) : line)
                .sorted().toList();
    }

    static void awaitTable(Netns director, List<String> expected) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> table(director).equals(expected.stream().sorted().toList()));
    }

    /** Waits until the client has had answers from both real servers after {@code since} (epoch s). */
    static void awaitBothServersAnswer(Daemon client, double since) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<DirectorPair.Attempt> served = DirectorPair.attempts(client).stream()
                    .filter(a -> a.ok() && a.epoch() > since).toList();
            return served.stream().anyMatch(a -> a.detail().equals("web1"))
                    && served.stream().anyMatch(a -> a.detail().equals("web2"));
        });
    }

    @Test
    void hotStandby_theClientIsServedAcrossAKill_aReturn_andACleanStop() {
        try (DirectorPair pair = new DirectorPair("1", "5", true)) {
            Daemon lb1 = pair.pulse(pair.lb1);
            lb1.awaitLine("STARTING PULSE AS MASTER", WAIT);
            Daemon lb2 = pair.pulse(pair.lb2);
            lb2.awaitLine("STARTING PULSE AS BACKUP", WAIT);
            lb1.awaitLine("activating lvs", WAIT);
            awaitTable(pair.lb1, TABLE);
            awaitTable(pair.lb2, TABLE); // hot standby: the backup's table is ready too
            assertThat(PulseLab.hasAddress(pair.lb2, DirectorPair.VIP)).isFalse();

            Daemon client = pair.startClient();
            awaitBothServersAnswer(client, 0);

            double killedAt = DirectorPair.epochNow();
            lb1.process().destroyForcibly();
            lb2.awaitLine("partner dead: activating lvs", WAIT);
            Duration outage = pair.awaitServedThrough(pair.lb2, client, killedAt);
            System.out.println("hot standby, keepalive 1, deadtime 5: kill -9 to served again " + outage);
            assertThat(outage).as("deadtime 5 s, plus slack for the emulated CPU").isLessThan(Duration.ofSeconds(8));
            awaitBothServersAnswer(client, DirectorPair.epochNow());
            assertThat(lb2.lines()).noneMatch(line -> line.contains("Child process"));

            Daemon lb1Again = pair.pulse(pair.lb1);
            lb1Again.awaitLine("removed " + DirectorPair.VIP + "/32 from eth0: left behind by an earlier run", WAIT);
            awaitTable(pair.lb1, TABLE);
            assertThat(lb1Again.lines()).noneMatch(line -> line.endsWith("activating lvs"));

            double stoppedAt = DirectorPair.epochNow();
            lb2.signal("TERM");
            lb1Again.awaitLine("backup inactive: activating lvs", WAIT);
            assertThat(lb2.awaitExit(WAIT)).isZero();
            Duration handback = pair.awaitServedThrough(pair.lb1, client, stoppedAt);
            System.out.println("hot standby: TERM of the active to served again " + handback);
            assertThat(handback).as("a clean stop needs no deadtime (5 s)").isLessThan(Duration.ofSeconds(5));
            awaitBothServersAnswer(client, DirectorPair.epochNow());
            await().atMost(WAIT).until(() -> table(pair.lb2).isEmpty());
        }
    }

    /**
     * {@code ipvsadm -Ln} on lb2 the moment the kernel reports the VIP added there ({@code ip
     * monitor}), then "end of table".
     */
    private static Daemon tableWhenTheVipComesUp(DirectorPair pair) {
        Daemon watch = Daemon.start("vip watch on lb2", pair.lb2.process("sh", "-c",
                "echo watching; timeout 300 ip -o monitor address dev eth0 | while read -r line; do case \"$line\" in"
                        + " Deleted*) ;; *' inet " + DirectorPair.VIP + "/'*) echo \"vip up: $line\"; ipvsadm -Ln;"
                        + " echo 'end of table'; pkill -P $$ -x timeout; exit 0 ;; esac; done"));
        watch.awaitLine("watching", WAIT);
        return watch;
    }

    /**
     * The backup's lvsd runs parked while it is passive: no table in its kernel, no nanny (it
     * checks the real servers itself meanwhile); at the takeover pulse tells it to go, raises the
     * VIP once its table serves, and it serves the client.
     */
    @Test
    void coldStandby_theBackupsParkedLvsdHoldsNoTableUntilTheTakeover_thenServes() {
        try (DirectorPair pair = new DirectorPair("0.5", "2", false)) {
            Daemon lb1 = pair.pulse(pair.lb1);
            lb1.awaitLine("STARTING PULSE AS MASTER", WAIT);
            Daemon lb2 = pair.pulse(pair.lb2);
            lb2.awaitLine("STARTING PULSE AS BACKUP", WAIT);
            String parked = lb2.awaitLine("]: parked (cold standby): lvs.cf read and IPVS open; writing nothing to"
                    + " IPVS and running no nanny until pulse makes this router active; checking the real servers"
                    + " meanwhile, so that the table serves at once then", WAIT);
            long lvsd = Long.parseLong(parked.replaceFirst("^.*lvsd\\[(\\d+)\\]: parked.*$", "$1"));
            awaitTable(pair.lb1, TABLE);
            Daemon client = pair.startClient();
            awaitBothServersAnswer(client, 0);

            assertThat(table(pair.lb2)).as("the parked lvsd's table").isEmpty();
            assertThat(pair.lb2.ok("ipvsadm", "-Ln").lines()).as("ipvsadm -Ln on the passive director: headings only")
                    .hasSize(3).noneMatch(l -> l.matches("^(TCP|UDP|FWM|SCTP) .*")
                            || l.trim().startsWith("-> ") && !l.contains("RemoteAddress"));
            assertThat(pair.lb2.run("ps", "-o", "pid=,args=", "--ppid", Long.toString(lvsd)).out().strip())
                    .as("the parked lvsd's children (nannies, piranha-cds)").isEmpty();
            assertThat(lb2.lines()).as("the passive director's lines").noneMatch(l -> l.contains("nanny[")
                    || l.contains("start-up check") || l.contains("starting virtual service"));

            Daemon vipWatch = pair.closing(tableWhenTheVipComesUp(pair));
            double killedAt = DirectorPair.epochNow();
            lb1.process().destroyForcibly();
            lb2.awaitLine("partner dead: activating lvs", WAIT);
            lb2.awaitLine("lvsd[" + lvsd + "]: this router is active now: starting from the parked state", WAIT);
            vipWatch.awaitLine("end of table", WAIT);
            assertThat(vipWatch.lines()).as("ipvsadm -Ln on lb2 as the VIP came up: the table served already")
                    .anySatisfy(l -> assertThat(l).matches(".*-> 10\\.6\\.7\\.2[12]:80 +Route +1 .*"));
            awaitTable(pair.lb2, TABLE);
            Duration outage = pair.awaitServedThrough(pair.lb2, client, killedAt);
            System.out.println("cold standby, keepalive 0.5, deadtime 2: kill -9 to served again " + outage);
            awaitBothServersAnswer(client, DirectorPair.epochNow());
            assertThat(lb2.lines()).as("the takeover used the parked lvsd").noneMatch(l -> l.contains("lvsd[")
                    && !l.contains("lvsd[" + lvsd + "]") && !l.contains("nanny["));
            await().atMost(WAIT).until(() -> table(pair.lb1).isEmpty()); // lb1's lvsd left with its pulse
        }
    }
}
