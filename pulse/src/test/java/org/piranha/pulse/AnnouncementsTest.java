package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigParser;
import org.piranha.pulse.AnnouncementPolicy.Decision;
import org.piranha.pulse.status.ServerReports;
import org.piranha.pulse.status.StatusBoard;

/** multi_active: which VIP is announced when, and what the status board says about it. */
class AnnouncementsTest {

    private static final String CF = """
            director_mode = multi_active
            bgp_local_as = 65001
            bgp_peer_as = 65000
            bgp_neighbors = 192.0.2.1
            network = direct
            virtual www {
                active = 1
                address = 10.0.0.100 piranha0
                server a {
                    address = 10.0.1.1
                    active = 1
                }
            }
            """;

    /** www (3 servers) and mail (1 server) share 10.0.0.100; dns (sorry server) has 10.0.0.53; quiet has announce = 0. */
    private static final LvsConfig CONFIG = LvsConfigParser.standard().parse("lvs.cf", """
            director_mode = multi_active
            bgp_local_as = 65001
            bgp_peer_as = 65000
            bgp_neighbors = 192.0.2.1
            network = direct
            virtual www {
                active = 1
                address = 10.0.0.100 piranha0
                server a {
                    address = 10.0.1.1
                    active = 1
                }
                server b {
                    address = 10.0.1.2
                    active = 1
                }
                server c {
                    address = 10.0.1.3
                    active = 1
                }
            }
            virtual mail {
                active = 1
                address = 10.0.0.100 piranha0
                port = 25
                server m {
                    address = 10.0.1.4
                    active = 1
                }
            }
            virtual dns {
                active = 1
                address = 10.0.0.53 piranha0
                port = 53
                sorry_server = 10.0.9.9
                server d {
                    address = 10.0.1.5
                    active = 1
                }
            }
            virtual quiet {
                active = 1
                address = 10.0.0.7 piranha0
                announce = 0
                server q {
                    address = 10.0.1.6
                    active = 1
                }
            }
            """).config().orElseThrow();

    private final List<String> kernel = new ArrayList<>();
    private final StatusBoard board = new StatusBoard(1, "test", Instant.EPOCH, 0, false);
    private final Announcements announcements = new Announcements(new Announcements.Announcer() {
        @Override
        public void announce(InetAddress vip) {
            kernel.add("add " + vip.getHostAddress());
        }

        @Override
        public void withdraw(InetAddress vip) {
            kernel.add("del " + vip.getHostAddress());
        }
    }, board, Clock.systemUTC());

    private static ServerReports reports(String... serviceServerState) {
        Map<ServerReports.Key, ServerReports.Server> servers = new HashMap<>();
        for (String s : serviceServerState) {
            String[] w = s.split(" ");
            servers.put(new ServerReports.Key(w[0], w[1]), new ServerReports.Server(w[2],
                    w[2].equals("up") ? Optional.of(1) : Optional.empty(), Optional.empty()));
        }
        return new ServerReports(Instant.now(), System.nanoTime(), true, servers);
    }

    private void apply(ServerReports reports, Optional<String> lvsdProblem) {
        announcements.apply(AnnouncementPolicy.decide(CONFIG, reports, lvsdProblem, announcements.decisions()));
    }

    @Test
    void aVipIsAnnouncedWhileAServiceOfItHasAServerUpOrASorryServer() {
        apply(reports("www a up", "www b down", "www c slow-starting", "mail m down", "dns d down", "quiet q up"),
                Optional.empty());
        assertThat(kernel).containsExactly("add 10.0.0.100", "add 10.0.0.53");
        Map<String, Decision> d = announcements.decisions();
        assertThat(d.get("www")).isEqualTo(new Decision(CONFIG.services().get(0).requireAddress().address(), true,
                "2 of 3 real servers up"));
        assertThat(d.get("mail").reason()).isEqualTo("no real server up");
        assertThat(d.get("dns").reason()).isEqualTo("no real server up, sorry server 10.0.9.9 in use");
        assertThat(d.get("quiet").reason()).isEqualTo("announce = 0");
        Map<String, StatusBoard.Announcement> status = board.announcements();
        assertThat(status.get("www").announced()).isTrue();
        assertThat(status.get("mail").announced()).isTrue(); // the VIP is www's too
        assertThat(status.get("mail").reason()).isEqualTo(
                "no real server up (the VIP stays announced for another service)");
        assertThat(status.get("quiet").announced()).isFalse();
        assertThat(status.get("quiet").address()).isEqualTo("10.0.0.7");

        kernel.clear();
        apply(reports("www a down", "www b down", "www c down", "mail m down", "dns d down", "quiet q up"),
                Optional.empty());
        assertThat(kernel).containsExactly("del 10.0.0.100");
        assertThat(board.announcements().get("www").reason()).isEqualTo("no real server up");

        kernel.clear();
        apply(reports("www a down", "www b down", "www c down", "mail m up", "dns d down", "quiet q up"),
                Optional.empty());
        assertThat(kernel).containsExactly("add 10.0.0.100");
        assertThat(board.announcements().get("mail").reason()).isEqualTo("1 of 1 real servers up");
    }

    @Test
    void nothingIsAnnouncedBeforeTheFirstVerdictsAndAVerdictStillMissingKeepsTheState() {
        apply(ServerReports.NONE, Optional.empty());
        assertThat(kernel).isEmpty();
        assertThat(announcements.decisions().get("www").reason()).isEqualTo("no report from lvsd yet");
        apply(reports("www a unknown"), Optional.empty());
        assertThat(kernel).isEmpty();
        assertThat(announcements.decisions().get("www").reason())
                .isEqualTo("waiting for lvsd's first verdicts on the real servers");
        apply(reports("www a up", "www b unknown"), Optional.empty());
        assertThat(kernel).containsExactly("add 10.0.0.100");
        apply(reports("www a unknown", "www b unknown", "www c unknown"), Optional.empty());
        assertThat(kernel).containsExactly("add 10.0.0.100"); // a reload's new nannies: no flap
    }

    @Test
    void lvsdGoneOrSilentWithdrawsEverything() {
        apply(reports("www a up", "dns d up"), Optional.empty());
        assertThat(kernel).containsExactly("add 10.0.0.100", "add 10.0.0.53");
        kernel.clear();
        apply(reports("www a up", "dns d up"), Optional.of("lvsd is not running"));
        assertThat(kernel).containsExactly("del 10.0.0.100", "del 10.0.0.53");
        assertThat(board.announcements().get("dns").reason()).isEqualTo("lvsd is not running");
    }

    @Test
    void withdrawAllIsTheCleanStop() {
        apply(reports("www a up", "dns d up"), Optional.empty());
        kernel.clear();
        announcements.withdrawAll("pulse is stopping");
        assertThat(kernel).containsExactly("del 10.0.0.100", "del 10.0.0.53");
        assertThat(board.announcements().values()).allMatch(a -> !a.announced()
                && a.reason().equals("pulse is stopping"));
    }

    @Test
    void aVipThatLeavesLvsCfIsWithdrawn() {
        apply(reports("www a up", "dns d up"), Optional.empty());
        kernel.clear();
        LvsConfig smaller = LvsConfigParser.standard().parse("lvs.cf", CF).config().orElseThrow();
        announcements.apply(AnnouncementPolicy.decide(smaller, reports("www a up"), Optional.empty(),
                announcements.decisions()));
        assertThat(kernel).containsExactly("del 10.0.0.53");
    }
}
