package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The semantic checks, each with the line of the offending key or block. */
class ValidatorTest {

    /** Diagnostics of the minimal valid config with {@code globals} added at the top and {@code service} lines in its block. */
    private static List<String> check(String globals, String serviceLines) {
        String network = globals.contains("network") ? "serial_no = 0\n" : "network = direct\n";
        String text = "primary = 10.0.0.1\n" + network + globals + "\nvirtual www {\nactive = 1\n"
                + "address = 10.0.0.100 eth0:1\n" + serviceLines + "\nserver web1 {\naddress = 10.0.1.1\nactive = 1\n}\n}\n";
        return Cf.messages(Cf.load(text).diagnostics());
    }

    private static List<String> check(String text) {
        return Cf.messages(Cf.load(text).diagnostics());
    }

    @Test
    void theMinimalConfigIsClean() {
        LoadResult result = Cf.load(Cf.MINIMAL);
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.isValid()).isTrue();
    }

    @Test
    void noActiveVirtualServiceIsAnError() {
        assertThat(check("primary = 10.0.0.1\nnetwork = direct\n")).containsExactly(
                "lvs.cf:2: no active lvs services defined: set \"active = 1\" in at least one virtual block");
        assertThat(check("primary = 10.0.0.1\nnetwork = direct\n\nvirtual a {\nactive = 0\n}\n")).containsExactly(
                "lvs.cf:4: no active lvs services defined: set \"active = 1\" in at least one virtual block");
    }

    @Test
    void primaryIsRequired() {
        assertThat(check(Cf.MINIMAL.replace("primary = 10.0.0.1\n", "serial_no = 1\n"))).containsExactly(
                "lvs.cf:1: primary is not set: add \"primary = IP\" with the public address of the primary router");
    }

    @Test
    void primaryMustNotBeTheAnyAddress() {
        assertThat(check(Cf.MINIMAL.replace("primary = 10.0.0.1", "primary = 0.0.0.0"))).containsExactly(
                "lvs.cf:1: primary must be the primary router's address, not 0.0.0.0");
    }

    @Test
    void duplicateVirtualNamesAreAnError() {
        String text = Cf.MINIMAL + "virtual www {\nactive = 0\n}\n";
        assertThat(check(text)).containsExactly("lvs.cf:11: duplicate virtual service name \"www\" (first at line 3)");
    }

    @Test
    void duplicateServerNamesInAServiceAreAnErrorButNotAcrossServices() {
        assertThat(check("", "server web1 {\naddress = 10.0.1.2\n}")).containsExactly(
                "lvs.cf:10: duplicate server name \"web1\" in virtual www (first at line 7)");
        String twoServices = Cf.MINIMAL + "virtual other {\naddress = 10.0.0.101 eth0:2\nserver web1 {\n}\n}\n";
        assertThat(check(twoServices)).isEmpty();
    }

    @Test
    void twoActiveServicesWithTheSameVipProtocolAndPortAreAnError() {
        String text = Cf.MINIMAL + """
                virtual copy {
                    active = 1
                    address = 10.0.0.100 eth0:1
                    server s {
                        address = 10.0.1.2
                        active = 1
                    }
                }
                """;
        assertThat(check(text)).containsExactly("lvs.cf:11: virtual copy is the same IPVS service (TCP 10.0.0.100:80)"
                + " as active virtual www (line 3): change its address, protocol or port");
        // Another port, another protocol, or an inactive copy: fine.
        assertThat(check(text.replace("virtual copy {", "virtual copy {\nport = 443"))).isEmpty();
        assertThat(check(text.replace("virtual copy {", "virtual copy {\nprotocol = udp"))).isEmpty();
        assertThat(check(text.replace("virtual copy {\n    active = 1", "virtual copy {\n    active = 0")))
                .isEmpty();
    }

    @Test
    void twoActiveServicesWithTheSameFwmarkAreAnError() {
        String text = """
                primary = 10.0.0.1
                network = direct
                virtual a {
                    active = 1
                    address = 10.0.0.100 eth0:1
                    fwmark = 7
                    server s {
                        address = 10.0.1.1
                        active = 1
                    }
                }
                virtual b {
                    active = 1
                    address = 10.0.0.101 eth0:2
                    fwmark = 7
                    server s {
                        address = 10.0.1.1
                        active = 1
                    }
                }
                """;
        assertThat(check(text)).containsExactly(
                "lvs.cf:12: virtual b is the same IPVS service (FWM 7) as active virtual a (line 3): use another fwmark");
        int second = text.lastIndexOf("fwmark = 7");
        assertThat(check(text.substring(0, second) + "fwmark = 8" + text.substring(second + 10))).isEmpty();
    }

    @Test
    void schedulersAreThoseOfIpvs() {
        for (String scheduler : List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh")) {
            assertThat(check("", "scheduler = " + scheduler)).as(scheduler).isEmpty();
        }
        assertThat(check("", "scheduler = fair")).containsExactly("lvs.cf:7: unknown scheduler \"fair\" in virtual www:"
                + " IPVS has rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf or mh");
    }

    @Test
    void timeoutMustBePositive() {
        String message = "lvs.cf:7: timeout must be greater than 0 in virtual www: it is the interval between health"
                + " checks and their time limit";
        assertThat(check("", "timeout = 0")).containsExactly(message);
        assertThat(check("", "timeout = -1")).containsExactly(message);
        assertThat(check("", "timeout = 0.5\nreentry = 1")).isEmpty();
    }

    @Test
    void negativeWeightIsAnError() {
        assertThat(check("", "server web2 {\naddress = 10.0.1.2\nweight = -1\n}")).containsExactly(
                "lvs.cf:9: weight must not be negative for server web2 in virtual www: -1");
        assertThat(check("", "server web2 {\naddress = 10.0.1.2\nweight = 0\n}")).isEmpty();
    }

    @Test
    void netmasksMustBeContiguous() {
        assertThat(check("", "vip_nmask = 255.0.255.0")).containsExactly("lvs.cf:7: Bad subnet mask specified:"
                + " vip_nmask 255.0.255.0 is not contiguous (ones then zeros, as in 255.255.255.0)");
        assertThat(check("", "persistent = 60\npmask = 255.255.0.255")).containsExactly("lvs.cf:8: Bad subnet mask"
                + " specified: pmask 255.255.0.255 is not contiguous (ones then zeros, as in 255.255.255.0)");
        assertThat(check("nat_nmask = 0.255.255.255", "")).containsExactly("lvs.cf:3: Bad subnet mask specified:"
                + " nat_nmask 0.255.255.255 is not contiguous (ones then zeros, as in 255.255.255.0)");
        assertThat(check("nat_nmask = 255.255.255.128", "vip_nmask = 0.0.0.0")).isEmpty();
    }

    @Test
    void backupActiveNeedsABackup() {
        String message = "lvs.cf:3: backup_active = 1 but backup is not set: add \"backup = IP\" with the backup"
                + " router's address, or set backup_active = 0";
        assertThat(check("backup_active = 1", "")).containsExactly(message);
        assertThat(check("backup_active = 1\nbackup = 0.0.0.0", "")).containsExactly(message);
        assertThat(check("backup_active = 1\nbackup = 10.0.0.2", "")).isEmpty();
        assertThat(check("backup_active = 0\nbackup = 0.0.0.0", "")).isEmpty();
    }

    @Test
    void backupMustDifferFromPrimary() {
        assertThat(check("backup = 10.0.0.1", "")).containsExactly(
                "lvs.cf:3: backup 10.0.0.1 is the same address as primary: each router needs its own");
    }

    @Test
    void anActiveServiceWithoutActiveRealServerIsOnlyWarned() {
        String text = "primary = 10.0.0.1\nnetwork = direct\nvirtual www {\nactive = 1\naddress = 10.0.0.100 eth0:1\n"
                + "server web1 {\naddress = 10.0.1.1\nactive = 0\n}\n}\n";
        LoadResult result = Cf.load(text);
        assertThat(result.isValid()).isTrue();
        assertThat(Cf.messages(result.diagnostics())).containsExactly("lvs.cf:3: warning: virtual www is active but"
                + " has no active real server: it will accept connections and have nowhere to send them");
    }

    @Test
    void anActiveServiceNeedsAnAddressAndSoDoItsActiveServers() {
        String text = "primary = 10.0.0.1\nnetwork = direct\nvirtual www {\nactive = 1\n"
                + "server web1 {\nactive = 1\n}\n}\nvirtual idle {\nserver s {\nactive = 1\n}\n}\n";
        assertThat(check(text)).containsExactly(
                "lvs.cf:3: virtual www is active but has no address: add \"address = VIP DEVICE\", e.g."
                        + " \"address = 10.0.0.100 eth0:1\"",
                "lvs.cf:5: server web1 in virtual www is active but has no address: add \"address = IP\"");
    }

    @Test
    void twoActiveServersWithTheSameAddressAndPortAreAnError() {
        assertThat(check("", "server web2 {\naddress = 10.0.1.1\nactive = 1\n}")).containsExactly(
                "lvs.cf:11: server web1 in virtual www has the same address and port (10.0.1.1 port 80) as server"
                        + " web2 (line 7): IPVS holds each real server once per service");
        assertThat(check("", "server web2 {\naddress = 10.0.1.1\nactive = 1\nport = 8080\n}")).isEmpty();
    }

    @Test
    void warnings() {
        assertThat(check("", "timeout = 10\nreentry = 5")).containsExactly("lvs.cf:8: warning: reentry (5) is shorter"
                + " than timeout (10) in virtual www: a failed server comes back after its first successful check");
        assertThat(check("", "pmask = 255.255.255.0")).containsExactly("lvs.cf:7: warning: pmask without persistent"
                + " in virtual www: the mask has no effect unless persistent is set");
        assertThat(check("", "pmask = 255.255.255.255")).as("Piranha's 'unset' pmask").isEmpty();
        assertThat(check("network = nat", "")).containsExactly("lvs.cf:3: warning: network = nat without nat_router:"
                + " no gateway address moves with the active router, so the real servers' replies need another route back");
        assertThat(check("network = nat\nnat_router = 10.0.2.254 eth1:1", "")).isEmpty();
        assertThat(check("", "send = \"x\"\nsend_program = \"/bin/check %h\"")).containsExactly(
                "lvs.cf:7: warning: send is ignored in virtual www because send_program is set");
    }

    @Test
    void heartbeatTimers() {
        assertThat(check("keepalive = 0", "")).containsExactly(
                "lvs.cf:3: keepalive must be greater than 0: it is the interval between heartbeats");
        assertThat(check("deadtime = -1", "")).containsExactly(
                "lvs.cf:3: deadtime must be greater than 0: it is the silence after which the partner is declared dead");
        assertThat(check("keepalive = 2\ndeadtime = 2", "")).containsExactly("lvs.cf:4: warning: deadtime (2) is not"
                + " longer than keepalive (2): the partner will be declared dead between two heartbeats");
        assertThat(check("keepalive = 0.2\ndeadtime = 1", "")).isEmpty();
        assertThat(check("heartbeat_port = 0", "")).containsExactly("lvs.cf:3: heartbeat_port must be between 1 and 65535");
    }

    @Test
    void otherRanges() {
        assertThat(check("tcp_timeout = -1", "")).containsExactly(
                "lvs.cf:3: tcp_timeout must be 0 (leave unchanged) or a number of seconds, not -1");
        assertThat(check("syncd_id = 300", "")).containsExactly(
                "lvs.cf:3: warning: syncd_id 300 is out of 0-255: ipvsadm gets 44");
        assertThat(check("", "persistent = -5")).containsExactly("lvs.cf:7: persistent must not be negative in virtual www");
        assertThat(check("", "fwmark = -5")).containsExactly("lvs.cf:7: fwmark must not be negative in virtual www");
        assertThat(check("", "reentry = -5")).containsExactly("lvs.cf:7: reentry must not be negative in virtual www");
    }

    @Test
    void privateHeartbeatWithoutBackupPrivateIsWarned() {
        assertThat(check("backup_active = 1\nbackup = 10.0.0.2\nprimary_private = 192.168.0.1", "")).containsExactly(
                "lvs.cf:5: warning: primary_private is set but backup_private is not: no heartbeats travel the private path");
    }

    @Test
    void aSharedVipOnAnotherDeviceIsWarned() {
        String text = Cf.MINIMAL + "virtual https {\nactive = 1\nport = 443\naddress = 10.0.0.100 eth0:2\n"
                + "server web1 {\naddress = 10.0.1.1\nactive = 1\n}\n}\n";
        assertThat(check(text)).containsExactly("lvs.cf:14: warning: VIP 10.0.0.100 is on eth0:1 for virtual www"
                + " (line 5), so eth0:2 is not used: the first active service's device is");
        assertThat(check(text.replace("eth0:2", "eth0:1"))).isEmpty();
    }

    @Test
    void errorsAndWarningsAreOrderedByLineAndAnInvalidConfigIsNotReturned() throws Exception {
        LoadResult result = Cf.load("primary = 10.0.0.1\nnetwork = nat\nvirtual www {\nactive = 1\n"
                + "address = 10.0.0.100 eth0:1\nscheduler = fair\nserver a {\naddress = 10.0.1.1\nactive = 1\nweight = -2\n}\n}\n");
        assertThat(result.diagnostics()).extracting(Diagnostic::line).containsExactly(2, 6, 10);
        assertThat(result.errors()).hasSize(2);
        assertThat(result.warnings()).hasSize(1);
        assertThat(result.isValid()).isFalse();
        assertThat(result.config()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(result::requireValid)
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("lvs.cf:6: unknown scheduler \"fair\" in virtual www: IPVS has rr, wrr, lc, wlc, lblc, lblcr,"
                        + " dh, sh, sed, nq, fo, ovf or mh\nlvs.cf:10: weight must not be negative for server a in virtual www: -2");
    }

    @Test
    void aConfigBuiltInCodeIsValidatedWithoutLines() {
        LvsConfig config = LvsConfig.of(GlobalSettings.builder().build(), VirtualService.builder("www").build());
        assertThat(Cf.messages(LvsConfigValidator.validate(config, "generated"))).containsExactly(
                "generated: primary is not set: add \"primary = IP\" with the public address of the primary router",
                "generated: network = nat without nat_router: no gateway address moves with the active router, so the"
                        .replace("generated: network", "generated: warning: network")
                        + " real servers' replies need another route back",
                "generated: no active lvs services defined: set \"active = 1\" in at least one virtual block");
    }

    @Test
    void semanticErrorsAreReportedWithParseErrorsButNotForBlocksThatHadParseErrors() {
        LoadResult result = Cf.load("""
                primary = 10.0.0.1
                network = direct
                virtual www {
                    active = 1
                    address = 10.0.0.100 eth0:1
                    scheduler = fair
                    server a {
                        address = 10.0.1.1
                        active = 1
                        weight = -1
                    }
                }
                virtual bad {
                    active = yes
                    scheduler = nope
                }
                virtual open {
                    scheduler = nope
                """);
        assertThat(Cf.messages(result.diagnostics())).containsExactly(
                "lvs.cf:6: unknown scheduler \"fair\" in virtual www: IPVS has rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed,"
                        + " nq, fo, ovf or mh",
                "lvs.cf:10: weight must not be negative for server a in virtual www: -1",
                "lvs.cf:14: boolean expected: \"yes\" for active must be 0 or 1",
                "lvs.cf:18: unexpected end of file: virtual open (line 17) is not closed with }");
        assertThat(result.config()).isEmpty();
    }

    @Test
    void aParseErrorInTheGlobalSectionSuspendsTheGlobalChecksOnly() {
        LoadResult result = Cf.load("primary = 10.0.0.1\nbackup_active = 1\nbackup = nosuch.example\n"
                + "virtual www {\nactive = 1\naddress = 10.0.0.100 eth0:1\nreentry = -1\n}\n");
        assertThat(Cf.messages(result.diagnostics())).containsExactly(
                "lvs.cf:3: invalid host name or ip address \"nosuch.example\" for backup: cannot resolve it",
                "lvs.cf:4: warning: virtual www is active but has no active real server: it will accept connections"
                        + " and have nowhere to send them",
                "lvs.cf:7: reentry must not be negative in virtual www");
    }
}
