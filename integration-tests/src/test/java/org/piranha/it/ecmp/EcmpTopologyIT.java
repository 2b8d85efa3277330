package org.piranha.it.ecmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.piranha.it.ecmp.EcmpTopology.Director;
import org.piranha.it.support.Bird;

/**
 * The test bed of the multi-active ITs, proved on its own (no IPVS, no pulse): three directors
 * whose BIRD announces the VIP as a static /32 give the router one route with three nexthops,
 * and a director that dies or drops off the switch leaves it well within BGP's hold time (3 s),
 * so BFD (100 ms x 3) or the closed session did it.
 */
class EcmpTopologyIT {

    /** Below the 3 s hold time: only BFD or the session's end can withdraw that fast. */
    private static final Duration BFD_BOUND = Duration.ofMillis(2000);

    private EcmpTopology topology;

    @BeforeEach
    void announceFromThreeDirectors() {
        topology = new EcmpTopology(3, 0);
        topology.startRouter();
        for (Director d : topology.directors) {
            Bird.writeConfig(d.dir, "piranha.conf", EcmpTopology.staticAnnouncement(EcmpTopology.VIP));
            d.startBird();
        }
        topology.awaitNexthops(EcmpTopology.WAIT, topology.allDirectors());
    }

    @AfterEach
    void tearDown() {
        topology.close();
    }

    @Test
    void theRouterSpreadsTheVipOverEveryDirector() {
        assertThat(topology.route()).contains("nexthop via 10.6.16.1 ", "nexthop via 10.6.16.2 ",
                "nexthop via 10.6.16.3 ");
        assertThat(topology.router.ok("sysctl", "-n", "net.ipv4.fib_multipath_hash_policy").strip()).isEqualTo("1");
        assertThat(topology.routerBird().birdc("show", "bfd", "sessions"))
                .contains("10.6.16.1 ", "10.6.16.2 ", "10.6.16.3 ");
    }

    @Test
    void aKilledBirdLeavesTheRouteAtOnce() {
        Director d3 = topology.director(3);
        long start = System.nanoTime();
        d3.bird().kill();
        assertThat(topology.awaitGone(d3, start, EcmpTopology.WAIT)).isLessThan(BFD_BOUND);
        topology.awaitNexthops(EcmpTopology.WAIT, topology.director(1), topology.director(2));
        assertThat(topology.route()).startsWith(EcmpTopology.VIP + " proto bird");
    }

    @Test
    void aDirectorOffTheSwitchLeavesTheRouteWithinTheBfdBoundAndComesBack() {
        Director d2 = topology.director(2);
        long start = System.nanoTime();
        d2.unplug();
        assertThat(topology.awaitGone(d2, start, EcmpTopology.WAIT)).isLessThan(BFD_BOUND);
        topology.awaitNexthops(EcmpTopology.WAIT, topology.director(1), topology.director(3));

        d2.plug();
        topology.awaitNexthops(EcmpTopology.WAIT, topology.allDirectors());
    }
}
