package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** director_mode = multi_active and its keys, announce and scheduler_flags: parse, validate, write, diff. */
class MultiActiveKeysTest {

    static final String MULTI = """
            director_mode = multi_active
            bgp_local_as = 65001
            bgp_peer_as = 4200000000
            bgp_neighbors = 192.0.2.1 192.0.2.2
            network = direct
            virtual www {
                active = 1
                address = 10.0.0.100 eth0:1
                scheduler = mh
                scheduler_flags = mh-port mh-fallback
                server web1 {
                    address = 10.0.1.1
                    active = 1
                }
            }
            """;

    private static List<String> check(String text) {
        return Cf.messages(Cf.load(text).diagnostics());
    }

    @Test
    void defaultsChangeNothing() {
        GlobalSettings g = Cf.load(Cf.MINIMAL).config().orElseThrow().globals();
        assertThat(g.directorMode()).isEqualTo(DirectorMode.ACTIVE_BACKUP);
        assertThat(g.isMultiActive()).isFalse();
        assertThat(g.bgpHoldTime()).isEqualTo(3);
        assertThat(g.bgpBfd()).isTrue();
        assertThat(g.bgpBfdInterval()).isEqualTo(100);
        assertThat(g.bgpBfdMultiplier()).isEqualTo(3);
        assertThat(g.vipInterface()).isEqualTo("piranha0");
        assertThat(g.withdrawWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(g.birdConfig()).isEqualTo("/etc/bird/piranha.conf");
        assertThat(g.birdSocket()).isEqualTo("/run/bird/bird.ctl");
        VirtualService www = Cf.load(Cf.MINIMAL).config().orElseThrow().services().get(0);
        assertThat(www.announce()).isTrue();
        assertThat(www.schedulerFlags()).isEmpty();
        assertThat(LvsConfigWriter.write(Cf.load(Cf.MINIMAL).config().orElseThrow()))
                .doesNotContain("director_mode", "bgp_", "announce", "scheduler_flags", "vip_interface", "bird_");
    }

    @Test
    void aMultiActiveConfigNeedsNoPrimaryAndReadsEveryKey() {
        String text = MULTI.replace("network = direct\n", """
                network = direct
                bgp_hold_time = 9
                bgp_bfd = 0
                bgp_bfd_interval = 300
                bgp_bfd_multiplier = 5
                vip_interface = vips0
                withdraw_wait = 0.5
                bird_config = /etc/bird/ecmp.conf
                bird_socket = /run/bird/other.ctl
                """).replace("scheduler = mh\n", "scheduler = mh\n    announce = 0\n");
        LoadResult result = Cf.load(text);
        assertThat(Cf.messages(result.diagnostics())).isEmpty();
        LvsConfig config = result.config().orElseThrow();
        GlobalSettings g = config.globals();
        assertThat(g.isMultiActive()).isTrue();
        assertThat(g.bgpLocalAs()).contains(65001L);
        assertThat(g.bgpPeerAs()).contains(4_200_000_000L);
        assertThat(g.bgpNeighbors()).containsExactly(Cf.ip("192.0.2.1"), Cf.ip("192.0.2.2"));
        assertThat(g.bgpHoldTime()).isEqualTo(9);
        assertThat(g.bgpBfd()).isFalse();
        assertThat(g.bgpBfdInterval()).isEqualTo(300);
        assertThat(g.bgpBfdMultiplier()).isEqualTo(5);
        assertThat(g.vipInterface()).isEqualTo("vips0");
        assertThat(g.withdrawWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(g.birdConfig()).isEqualTo("/etc/bird/ecmp.conf");
        assertThat(g.birdSocket()).isEqualTo("/run/bird/other.ctl");
        VirtualService www = config.services().get(0);
        assertThat(www.announce()).isFalse();
        assertThat(www.schedulerFlags()).containsExactly(SchedulerFlag.MH_FALLBACK, SchedulerFlag.MH_PORT);

        String written = LvsConfigWriter.write(config);
        assertThat(written).contains("director_mode = multi_active\n", "bgp_neighbors = 192.0.2.1 192.0.2.2\n",
                "withdraw_wait = 0.5\n", "scheduler_flags = mh-fallback mh-port\n", "announce = 0\n");
        assertThat(Cf.load(written).config()).contains(config);
    }

    @Test
    void theSummaryNamesTheBgpSession() {
        LvsConfig config = Cf.load(MULTI).config().orElseThrow();
        assertThat(ConfigCheck.summary(config, 0)).isEqualTo("valid: 1 active virtual service (of 1), 1 active real"
                + " server, network direct, multi_active: AS 65001 to AS 4200000000 via 192.0.2.1 192.0.2.2");
    }

    @Test
    void multiActiveWithoutItsBgpKeysIsAnErrorAtTheModeLine() {
        assertThat(check("director_mode = multi_active\nnetwork = direct\n" + MULTI.substring(MULTI.indexOf("virtual"))))
                .containsExactly(
                        "lvs.cf:1: director_mode = multi_active needs bgp_local_as: add \"bgp_local_as = ASN\" with"
                                + " this director's AS number, such as 65001",
                        "lvs.cf:1: director_mode = multi_active needs bgp_peer_as: add \"bgp_peer_as = ASN\" with the"
                                + " upstream router's AS number",
                        "lvs.cf:1: director_mode = multi_active needs bgp_neighbors: add \"bgp_neighbors = IP [IP"
                                + " ...]\" with the upstream routers' IPv4 addresses");
    }

    @Test
    void badValuesNameTheirLine() {
        assertThat(check(MULTI.replace("65001", "0"))).containsExactly(
                "lvs.cf:2: bad AS number 0 for bgp_local_as: it must be from 1 to 4294967295");
        assertThat(check(MULTI.replace("65001", "AS65001"))).containsExactly(
                "lvs.cf:2: bad AS number \"AS65001\" for bgp_local_as: expected a decimal number from 1 to 4294967295,"
                        + " such as 65001");
        assertThat(check(MULTI.replace("4200000000", "4294967296"))).containsExactly(
                "lvs.cf:3: bad AS number 4294967296 for bgp_peer_as: it must be from 1 to 4294967295");
        assertThat(check(MULTI.replace("192.0.2.2", "router2"))).containsExactly(
                "lvs.cf:4: invalid argument \"router2\" for bgp_neighbors: expected IPv4 addresses separated by"
                        + " blanks, such as 192.0.2.1 192.0.2.2");
        assertThat(check(MULTI.replace("network = direct", "network = direct\nbgp_bfd_interval = 5"))).containsExactly(
                "lvs.cf:6: bgp_bfd_interval must be from 10 to 60000 milliseconds, not 5");
        assertThat(check(MULTI.replace("network = direct", "network = direct\nbgp_bfd_multiplier = 256")))
                .containsExactly("lvs.cf:6: bgp_bfd_multiplier must be from 1 to 255, not 256");
        assertThat(check(MULTI.replace("network = direct", "network = direct\nbgp_hold_time = 2"))).containsExactly(
                "lvs.cf:6: bgp_hold_time must be 0 (no keepalives) or from 3 to 65535 seconds (RFC 4271), not 2");
        assertThat(check(MULTI.replace("network = direct", "network = direct\nbird_socket = bird.ctl")))
                .containsExactly("lvs.cf:6: bird_socket must be an absolute path, not \"bird.ctl\"");
        assertThat(check(MULTI.replace("network = direct", "network = direct\nwithdraw_wait = -1")))
                .containsExactly("lvs.cf:6: withdraw_wait must not be negative: it is how long a stopping director"
                        + " keeps serving after withdrawing its VIPs");
        assertThat(check(MULTI.replace("network = direct", "network = direct\nvip_interface = a-very-long-name0")))
                .containsExactly("lvs.cf:6: vip_interface a-very-long-name0 is longer than the kernel's 15"
                        + " characters for an interface name");
        assertThat(check(MULTI.replace("multi_active", "multi-active"))).containsExactly(
                "lvs.cf:1: invalid argument \"multi-active\" for director_mode: expected active_backup or multi_active");
    }

    @Test
    void natCannotWorkAndTheBackupIsIgnored() {
        assertThat(check(MULTI.replace("network = direct", "network = nat\nbackup_active = 1"))).containsExactly(
                "lvs.cf:5: network = nat cannot work with director_mode = multi_active: a real server's replies"
                        + " must return through the director that forwarded the request, and no gateway address can"
                        + " follow every director; set network = direct (or tunnel)",
                "lvs.cf:6: warning: backup_active is ignored with director_mode = multi_active: every director is"
                        + " active, none is a backup; set backup_active = 0");
    }

    @Test
    void anIpv6VipCannotBeAnnounced() {
        assertThat(check(MULTI.replace("10.0.0.100 eth0:1", "2001:db8::100 eth0").replace("10.0.1.1", "2001:db8::1")))
                .containsExactly("lvs.cf:8: virtual www has an IPv6 VIP, which director_mode = multi_active does not"
                        + " announce (BGP over IPv4 only): set announce = 0");
    }

    @Test
    void bgpKeysInActiveBackupModeAreIgnoredWithAWarning() {
        assertThat(check(Cf.MINIMAL.replace("network = direct", "network = direct\nbgp_local_as = 65001")))
                .containsExactly("lvs.cf:3: warning: bgp_local_as is ignored unless director_mode = multi_active");
    }

    @Test
    void schedulerFlagsMustMatchTheScheduler() {
        assertThat(check(MULTI.replace("scheduler = mh", "scheduler = wlc"))).containsExactly(
                "lvs.cf:10: scheduler flag mh-fallback in virtual www is for scheduler mh, but the scheduler is wlc",
                "lvs.cf:10: scheduler flag mh-port in virtual www is for scheduler mh, but the scheduler is wlc");
        assertThat(check(MULTI.replace("mh-port mh-fallback", "mh-port bogus"))).containsExactly(
                "lvs.cf:10: invalid argument \"bogus\" for scheduler_flags: expected one or more of mh-fallback,"
                        + " mh-port, sh-fallback or sh-port");
        LvsConfig sh = Cf.load(Cf.MINIMAL.replace("eth0:1\n", "eth0:1\nscheduler = sh\nscheduler_flags = sh-port\n"))
                .config().orElseThrow();
        assertThat(sh.services().get(0).schedulerFlags()).isEqualTo(Set.of(SchedulerFlag.SH_PORT));
    }

    @Test
    void aFlagChangeIsAnInPlaceEditAndTouchesNoNanny() {
        LvsConfig before = Cf.load(MULTI).config().orElseThrow();
        LvsConfig after = Cf.load(MULTI.replace("mh-port mh-fallback", "mh-port")).config().orElseThrow();
        ServiceDiff www = ConfigDiff.between(before, after).service("www").orElseThrow();
        assertThat(www.changed(ServiceField.SCHEDULER_FLAGS)).isTrue();
        assertThat(www.identityChanged()).isFalse();
        assertThat(www.nannyChanges()).isEmpty();
        ConfigDiff announce = ConfigDiff.between(before, Cf.load(MULTI.replace("scheduler = mh\n",
                "scheduler = mh\nannounce = 0\n")).config().orElseThrow());
        assertThat(announce.service("www").orElseThrow().changed(ServiceField.ANNOUNCE)).isTrue();
        assertThat(ConfigDiff.between(before, Cf.load(MULTI.replace("192.0.2.1 ", "")).config().orElseThrow())
                .changed(GlobalField.BGP_NEIGHBORS)).isTrue();
    }
}
