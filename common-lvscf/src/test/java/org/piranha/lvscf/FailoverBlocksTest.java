package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under {@code service = lvs} Piranha 0.8.6 parsed {@code failover} blocks and the FOS-only keys and
 * ignored them: they load with a warning naming file and line, are kept in the model, written back
 * and left out of every check and diff. {@code service = fos} stays an error.
 */
class FailoverBlocksTest {

    /** The shape of Piranha's sample.cf: one virtual service and a failover block that uses every FOS key. */
    private static final String WITH_FAILOVER = """
            primary = 10.0.0.1
            service = lvs
            network = direct
            virtual www {
                active = 1
                address = 10.0.0.100 eth0:1
                server web1 {
                    address = 10.0.1.1
                    active = 1
                }
            }
            failover web1 {
                active = 1
                address = 10.0.0.5 eth0:2
                port = 80
                send = "GET / HTTP/1.0\\r\\n\\r\\n"
                expect = "HTTP"
                timeout = 10
                start_cmd = "/etc/rc.d/init.d/httpd start"
                stop_cmd = "/etc/rc.d/init.d/httpd stop"
                master = 10.0.0.2
                dirs = [ /var/www /etc/httpd ]
            }
            """;

    @Test
    void aFailoverBlockLoadsWithAWarningNamingFileLineAndBlock() {
        LoadResult result = Cf.load(WITH_FAILOVER);
        assertThat(result.isValid()).isTrue();
        assertThat(Cf.messages(result.diagnostics())).containsExactly(
                "lvs.cf:12: warning: failover web1 is ignored, as Piranha ignored it under service = lvs"
                        + " (failover blocks are for FOS mode, service = fos, which this piranha does not run);"
                        + " it is kept when the file is written");
        LvsConfig config = result.config().orElseThrow();
        assertThat(config.services()).extracting(VirtualService::name).containsExactly("www");
        assertThat(config.activeVips()).extracting(v -> v.address().getHostAddress()).containsExactly("10.0.0.100");
        VirtualService failover = config.failoverServices().get(0);
        assertThat(failover.name()).isEqualTo("web1");
        assertThat(failover.port()).isEqualTo(80);
        assertThat(failover.fosKeys().values()).containsEntry(FosKey.START_CMD, "\"/etc/rc.d/init.d/httpd start\"")
                .containsEntry(FosKey.DIRS, "[ /var/www /etc/httpd ]");
    }

    @Test
    void theWriterGivesItBackAndTheRoundTripKeepsIt() {
        LvsConfig config = Cf.config(WITH_FAILOVER);
        String written = LvsConfigWriter.write(config);
        assertThat(written).endsWith("""
                failover web1 {
                    active = 1
                    address = 10.0.0.5 eth0:2
                    port = 80
                    send = "GET / HTTP/1.0\\r\\n\\r\\n"
                    expect = "HTTP"
                    scheduler = wlc
                    protocol = tcp
                    timeout = 10
                    reentry = 180
                    quiesce_server = 0
                    start_cmd = "/etc/rc.d/init.d/httpd start"
                    stop_cmd = "/etc/rc.d/init.d/httpd stop"
                    master = 10.0.0.2
                    dirs = [ /var/www /etc/httpd ]
                }
                """);
        assertThat(Cf.config(written)).isEqualTo(config);
    }

    @Test
    void serverBlocksInsideAFailoverBlockAreReadAsPiranhaDidAndKept() {
        LvsConfig config = Cf.config("primary = 10.0.0.1\nfailover f {\nserver s {\naddress = 10.0.1.1\n}\n}\n");
        assertThat(config.failoverServices().get(0).servers()).extracting(RealServer::name).containsExactly("s");
        assertThat(config.services()).isEmpty();
    }

    @Test
    void theValidatorLooksOnlyAtVirtualBlocks() {
        // No address and an active block: an error in a virtual block, nothing in a failover block.
        LoadResult result = Cf.load(Cf.MINIMAL + "failover f {\nactive = 1\n}\nfailover www {\n}\n");
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).hasSize(2).allSatisfy(w -> assertThat(w.message()).contains("is ignored"));
    }

    @Test
    void aFailoverBlockStillHasToParse() {
        assertThat(Cf.messages(Cf.parse("failover f {\nsned = x\n}\n").diagnostics())).contains(
                "lvs.cf:2: unknown command \"sned\" in a failover block (did you mean \"send\"?)");
    }

    @Test
    void serviceFosIsStillRefused() {
        LoadResult result = Cf.load("service = fos\n" + WITH_FAILOVER.replace("service = lvs\n", ""));
        assertThat(result.isValid()).isFalse();
        assertThat(Cf.messages(result.errors())).containsExactly("lvs.cf:1: service = fos: FOS mode (failover"
                + " services) is not supported by this piranha; use service = lvs with virtual blocks");
    }

    @Test
    void changesToWhatIsIgnoredAreNoChangeForAReload() {
        LvsConfig before = Cf.config(WITH_FAILOVER);
        LvsConfig after = Cf.config(WITH_FAILOVER.replace("/etc/httpd ]", "]").replace("port = 80", "port = 81")
                .replace("network = direct", "network = direct\nprimary_shared = /dev/sdb"));
        assertThat(after).isNotEqualTo(before);
        assertThat(ConfigDiff.between(before, after).isEmpty()).isTrue();
    }

    @Test
    void editingServicesOrGlobalsKeepsWhatIsIgnored() {
        LvsConfig config = Cf.config(WITH_FAILOVER + "primary_shared = /dev/sdb\n");
        LvsConfig edited = config.withServices(List.of()).withGlobals(GlobalSettings.defaults());
        assertThat(edited.services()).isEmpty();
        assertThat(edited.failoverServices()).isEqualTo(config.failoverServices());
        assertThat(edited.fosGlobals()).isEqualTo(config.fosGlobals());
    }

    @Test
    void theModelRefusesAKeyOutsideItsScope() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VirtualService.builder("v")
                        .fosKeys(new FosKeys(Map.of(FosKey.PRIMARY_SHARED, "/dev/sda"))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primary_shared");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LvsConfig(GlobalSettings.defaults(), List.of(),
                        new FosKeys(Map.of(FosKey.START_CMD, "x")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start_cmd");
    }
}
