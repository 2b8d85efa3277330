package org.piranha.it.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.InNetns;
import org.piranha.it.support.Netns;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.LvsConfigParser;
import org.piranha.netlink.rtnl.Rtnetlink;
import org.piranha.pulse.BirdInclude;
import org.piranha.pulse.VipRoutes;

/**
 * multi_active without IPVS: a "router" namespace runs BIRD with a passive BGP session and BFD,
 * a "director" namespace runs BIRD on the include pulse's {@link BirdInclude} generates from an
 * lvs.cf, and pulse's {@link VipRoutes} announces and withdraws a VIP. The router's kernel table
 * ({@code ip route show}) is the oracle.
 */
@Tag("netns")
class BgpAnnouncementIT {

    private static final String VIP = "10.0.0.100";
    private static final Duration BGP_UP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Netns router;
    private Netns director;
    private Daemon routerBird;
    private Daemon directorBird;
    private Rtnetlink rtnl;

    @BeforeEach
    void routerAndDirector() throws Exception {
        router = Netns.create("bgp-router");
        director = Netns.create("bgp-director");
        router.ok("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", director.name());
        router.ok("ip", "addr", "add", "192.0.2.1/24", "dev", "eth0");
        router.ok("ip", "link", "set", "eth0", "up");
        director.ok("ip", "addr", "add", "192.0.2.2/24", "dev", "eth0");
        director.ok("ip", "link", "set", "eth0", "up");
        Path routerConf = dir.resolve("router.conf");
        Files.writeString(routerConf, """
                router id 192.0.2.1;
                protocol device { }
                protocol kernel { merge paths yes; ipv4 { export all; }; }
                protocol bfd { interface "*" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; }; }
                protocol bgp director { local 192.0.2.1 as 65000; neighbor 192.0.2.2 as 65001; passive;
                    hold time 3; bfd on; ipv4 { import all; export none; }; }
                """);
        routerBird = Daemon.start("router bird", router.process("bird", "-f", "-c", routerConf.toString(), "-s",
                dir.resolve("router.ctl").toString(), "-P", dir.resolve("router.pid").toString()));
        rtnl = InNetns.call(director, Rtnetlink::open);
    }

    @AfterEach
    void cleanUp() {
        if (rtnl != null) {
            rtnl.close();
        }
        for (Daemon bird : new Daemon[] {directorBird, routerBird}) {
            if (bird != null) {
                bird.close();
            }
        }
        if (director != null) {
            director.close();
        }
        if (router != null) {
            router.close();
        }
    }

    private GlobalSettings lvsCf(String neighbors) {
        return LvsConfigParser.standard().parse("lvs.cf", """
                director_mode = multi_active
                bgp_local_as = 65001
                bgp_peer_as = 65000
                bgp_neighbors = %s
                vip_interface = lo
                bird_config = %s
                bird_socket = %s
                network = direct
                virtual www {
                    active = 1
                    address = 10.0.0.100 lo
                    server web1 {
                        address = 192.0.2.50
                        active = 1
                    }
                }
                """.formatted(neighbors, dir.resolve("piranha.conf"), dir.resolve("director.ctl"))).config()
                .orElseThrow().globals();
    }

    private String birdc(Netns netns, String socket, String... command) {
        String[] words = new String[3 + command.length];
        words[0] = "birdc";
        words[1] = "-s";
        words[2] = dir.resolve(socket).toString();
        System.arraycopy(command, 0, words, 3, command.length);
        return netns.run(words).out();
    }

    @Test
    void theRouterSeesTheVipAppearAndDisappear() throws Exception {
        GlobalSettings g = lvsCf("192.0.2.1");
        assertThat(BirdInclude.update(g)).isTrue(); // bird not running yet: written, nothing to reconfigure
        assertThat(BirdInclude.update(g)).isFalse();
        Path directorConf = dir.resolve("director.conf");
        Files.writeString(directorConf, "router id 192.0.2.2;\nprotocol device { }\ninclude \""
                + dir.resolve("piranha.conf") + "\";\n");
        assertThat(director.run("bird", "-p", "-c", directorConf.toString()).exitCode()).isZero();
        directorBird = Daemon.start("director bird", director.process("bird", "-f", "-c", directorConf.toString(),
                "-s", dir.resolve("director.ctl").toString(), "-P", dir.resolve("director.pid").toString()));

        await().atMost(BGP_UP).until(() -> birdc(router, "router.ctl", "show", "protocols", "director")
                .contains("Established"));
        await().atMost(BGP_UP).until(() -> birdc(router, "router.ctl", "show", "bfd", "sessions")
                .matches("(?s).*192\\.0\\.2\\.2\\s+eth0\\s+Up.*"));
        assertThat(router.ok("ip", "route", "show", VIP)).isEmpty();

        VipRoutes routes = new VipRoutes(rtnl, g.vipInterface());
        InetAddress vip = InetAddress.getByName(VIP);
        assertThat(routes.announce(vip)).isTrue();
        assertThat(director.ok("ip", "route", "show", "table", "4242")).contains(VIP + " dev lo proto 252 scope link");
        assertThat(routes.announced()).containsExactly(vip);
        await().atMost(Duration.ofSeconds(5)).until(() -> router.ok("ip", "route", "show", VIP)
                .contains("via 192.0.2.2 dev eth0 proto bird"));

        assertThat(routes.withdraw(vip)).isTrue();
        assertThat(routes.withdraw(vip)).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> router.ok("ip", "route", "show", VIP).isEmpty());

        routes.announce(vip);
        await().atMost(Duration.ofSeconds(5)).until(() -> !router.ok("ip", "route", "show", VIP).isEmpty());
        assertThat(routes.withdrawAll()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> router.ok("ip", "route", "show", VIP).isEmpty());
    }

    @Test
    void aChangedIncludeIsLoadedIntoTheRunningBird() throws Exception {
        BirdInclude.update(lvsCf("192.0.2.1"));
        Path directorConf = dir.resolve("director.conf");
        Files.writeString(directorConf, "router id 192.0.2.2;\nprotocol device { }\ninclude \""
                + dir.resolve("piranha.conf") + "\";\n");
        directorBird = Daemon.start("director bird", director.process("bird", "-f", "-c", directorConf.toString(),
                "-s", dir.resolve("director.ctl").toString(), "-P", dir.resolve("director.pid").toString()));
        await().atMost(BGP_UP).until(() -> birdc(director, "director.ctl", "show", "protocols")
                .contains("piranha_192_0_2_1"));
        assertThat(birdc(director, "director.ctl", "show", "protocols")).doesNotContain("piranha_192_0_2_3");

        assertThat(BirdInclude.update(lvsCf("192.0.2.1 192.0.2.3"))).isTrue(); // runs birdc configure
        assertThat(birdc(director, "director.ctl", "show", "protocols")).contains("piranha_192_0_2_3");
    }
}
