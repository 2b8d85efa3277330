package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.piranha.it.pulse.DirectorPair.WAIT;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Kernel;
import org.piranha.it.support.Netns;
import org.piranha.it.support.PulseStatus;

/**
 * {@code pulse --status} fed by lvsd on real IPVS: the real servers' states follow their HTTP
 * servers within a check interval, and the counters are the kernel's, as {@code ipvsadm} shows them.
 */
@Tag("ipvs")
class PulseStatusIpvsIT {

    /** The nannies' check interval in {@link DirectorPair}'s lvs.cf ({@code timeout = 1}: nanny -t 1). */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    @BeforeAll
    static void ipvs() {
        Kernel.requireIpvs();
    }

    static Map<String, Object> realServer(Map<String, Object> status, String name) {
        Map<String, Object> www = PulseStatus.object(PulseStatus.array(status.get("services")).get(0));
        return PulseStatus.array(www.get("real_servers")).stream().map(PulseStatus::object)
                .filter(s -> s.get("name").equals(name)).findFirst().orElseThrow();
    }

    /** The {@code ipvsadm -Ln --stats --exact} line of a real server: Conns InPkts OutPkts InBytes OutBytes. */
    static Optional<List<Long>> ipvsStats(Netns director, String realServer) {
        return director.ok("ipvsadm", "-Ln", "--stats", "--exact").lines().map(String::trim)
                .filter(line -> line.startsWith("-> " + realServer + ":"))
                .map(line -> List.of(line.split("\\s+")).subList(2, 7).stream().map(Long::parseLong).toList())
                .findFirst();
    }

    @Test
    void aStoppedRealServerIsShownDownWithinACheckIntervalAndTheCountersAreIpvss() {
        try (DirectorPair pair = new DirectorPair("1", "5", false)) {
            Daemon lb1 = pair.pulse(pair.lb1);
            lb1.awaitLine("activating lvs", WAIT);
            PulsePairIT.awaitTable(pair.lb1, PulsePairIT.TABLE);
            var socket = pair.statusSocket(pair.lb1);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                Map<String, Object> status = PulseStatus.ask(socket);
                return realServer(status, "web1").get("state").equals("up")
                        && realServer(status, "web2").get("state").equals("up");
            });
            Map<String, Object> status = PulseStatus.ask(socket); // no JVM per question: the VM is slow enough
            PulseStatus.assertSchema(status);
            assertThat(PulseStatus.object(status.get("lvsd"))).containsEntry("running", true)
                    .satisfies(l -> assertThat(l.get("last_report")).isNotNull());
            assertThat(realServer(status, "web1")).containsEntry("weight", 1).containsEntry("configured_weight", 1);
            assertThat(PulseStatus.array(status.get("problems"))).as("only that the partner (not started) is silent")
                    .singleElement().asString().startsWith("the partner router (10.6.7.2)");

            // traffic (round robin: two requests each), then lvsd's counters agree with ipvsadm's
            for (int i = 0; i < 4; i++) {
                pair.client.ok("curl", "-s", "--max-time", "20", "-o", "/dev/null", "http://" + DirectorPair.VIP + "/");
            }
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Map<String, Object> now = realServer(PulseStatus.ask(socket), "web2");
                List<Long> kernel = ipvsStats(pair.lb1, "10.6.7.22").orElseThrow();
                assertThat(kernel.get(0)).as("connections").isPositive();
                assertThat(List.of(now.get("conns_total"), now.get("packets_in"), now.get("packets_out"),
                        now.get("bytes_in"), now.get("bytes_out")).stream().map(n -> ((Number) n).longValue())
                        .toList()).isEqualTo(kernel);
            });

            long stoppedAt = System.nanoTime();
            pair.web1.stop(80);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> realServer(PulseStatus.ask(socket), "web1").get("state").equals("down"));
            Duration shown = Duration.ofNanos(System.nanoTime() - stoppedAt);
            System.out.println("HTTP server stopped to pulse --status showing it down: " + shown.toMillis() + " ms");
            assertThat(shown).as("one check interval (nanny -t 1 also bounds the failing check), plus slack for"
                    + " the emulated CPU").isLessThan(CHECK_INTERVAL.multipliedBy(2).plusSeconds(3));
            assertThat(ipvsStats(pair.lb1, "10.6.7.21")).as("ipvsadm -Ln agrees: web1 is out").isEmpty();
            assertThat(ipvsStats(pair.lb1, "10.6.7.22")).as("and web2 is in").isPresent();
            assertThat(PulseStatus.run(socket).out()).containsPattern("-> 10\\.6\\.7\\.21:80 +down +-/1 .* web1")
                    .containsPattern("-> 10\\.6\\.7\\.22:80 +up +1/1 .* web2");

            // the nannies' checks, counted by lvsd: web1's failed ones since its HTTP server stopped
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                Map<String, Object> now = PulseStatus.ask(socket);
                Map<String, Object> web1 = realServer(now, "web1");
                Map<String, Object> web2 = realServer(now, "web2");
                assertThat(((Number) web1.get("checks_failed")).longValue()).isPositive();
                assertThat(((Number) web2.get("checks_total")).longValue()).isPositive();
                assertThat(((Number) web2.get("checks_failed")).longValue())
                        .isLessThan(((Number) web2.get("checks_total")).longValue());
                assertThat(((Number) web2.get("last_check_s")).doubleValue()).isPositive();
            });
        }
    }
}
