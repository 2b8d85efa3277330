package org.piranha.it.lvsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.it.lvsd.NatLab.server;
import static org.piranha.it.lvsd.NatLab.service;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.piranha.it.support.Kernel;

/**
 * NAT end to end through one lvsd: a client gets answers from both real servers through the
 * VIP, a persistent service keeps the client on one of them, and a sorry server stands in while
 * a service has no real server up.
 */
@Tag("ipvs")
class LvsdNatIT {

    static NatLab lab;
    static LvsdRun lvsd;

    static final String CONFIG = NatLab.globals()
            + service("web", 80, "    scheduler = rr\n" + server("web1", "192.168.10.1", 80) + server("web2", "192.168.10.2", 80))
            + service("sticky", 81, "    scheduler = rr\n    persistent = 600\n"
                    + server("web1", "192.168.10.1", 80) + server("web2", "192.168.10.2", 80))
            + service("fallback", 82, "    scheduler = rr\n    sorry_server = 192.168.10.9\n"
                    + server("web3", "192.168.10.3", 8082));

    @BeforeAll
    static void start() {
        Kernel.requireIpvs();
        lab = new NatLab();
        lab.server("web1").serve(80);
        lab.server("web2").serve(80);
        lab.server("sorry").serve(82);
        lvsd = LvsdRun.start(lab.director, CONFIG);
        lvsd.awaitTable(
                "TCP 10.6.1.214:80 rr", "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1",
                "TCP 10.6.1.214:81 rr persistent 600", "-> 192.168.10.1:80 Masq 1", "-> 192.168.10.2:80 Masq 1",
                "TCP 10.6.1.214:82 rr", "-> 192.168.10.9:82 Masq 1");
    }

    @AfterAll
    static void stop() {
        try {
            if (lvsd != null) {
                assertThat(lvsd.stop()).isZero();
                assertThat(lvsd.table()).isEmpty();
                lvsd.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Test
    void theClientGetsAnswersFromBothRealServersThroughTheVip() {
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            answers.add(lab.get(80));
        }
        assertThat(answers).containsExactlyInAnyOrder("web1", "web2");
    }

    @Test
    void withPersistenceOneClientSticksToOneServer() {
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            answers.add(lab.get(81));
        }
        assertThat(answers).hasSize(1).isSubsetOf("web1", "web2");
    }

    @Test
    void theSorryServerAnswersWhileNoRealServerIsUp() {
        assertThat(lvsd.printed("Virtual Server fallback: No real servers; activate sorry_server 192.168.10.9")).isTrue();
        assertThat(lab.get(82)).isEqualTo("sorry");

        int mark = lvsd.mark();
        lab.server("web3").serve(8082);
        lvsd.awaitLineAfter(mark, "Virtual Server fallback: 1 real servers; deactivate sorry_server 192.168.10.9");
        assertThat(lvsd.table()).containsSubsequence("TCP 10.6.1.214:82 rr", "-> 192.168.10.3:8082 Masq 1")
                .doesNotContain("-> 192.168.10.9:82 Masq 1");
        assertThat(lab.get(82)).isEqualTo("web3");

        mark = lvsd.mark();
        lab.server("web3").stop(8082);
        lvsd.awaitLineAfter(mark, "Virtual Server fallback: No real servers; activate sorry_server 192.168.10.9");
        assertThat(lab.get(82)).isEqualTo("sorry");
    }
}
