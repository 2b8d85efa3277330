package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parse(write(c)) equals c: for fixed cases, and for thousands of seeded random configs over every key. */
class RoundTripTest {

    private static LvsConfig roundTrip(LvsConfig config) {
        String text = LvsConfigWriter.write(config);
        ParseResult parsed = Cf.parse(text);
        // The only warnings: what is kept but ignored (failover blocks, FOS-only keys).
        assertThat(parsed.diagnostics()).as("diagnostics of\n%s", text)
                .allSatisfy(d -> assertThat(d.isError()).isFalse())
                .allSatisfy(d -> assertThat(d.message()).containsAnyOf("FOS", "failover"));
        LvsConfig back = parsed.config().orElseThrow();
        assertThat(LvsConfigWriter.write(back)).as("the writer is canonical").isEqualTo(text);
        return back;
    }

    @Test
    void randomConfigsOverEveryKeySurviveTheRoundTrip() {
        RandomConfigs configs = new RandomConfigs(20240601L);
        for (int i = 0; i < 3000; i++) {
            LvsConfig config = configs.next();
            assertThat(roundTrip(config)).as("config #%d", i).isEqualTo(config);
        }
    }

    @Test
    void defaultsAreWrittenAsTheGuiDidAndReadBack() {
        LvsConfig config = LvsConfig.of(GlobalSettings.defaults());
        assertThat(LvsConfigWriter.write(config)).isEqualTo("""
                serial_no = 0
                service = lvs
                backup_active = 0
                heartbeat = 0
                heartbeat_port = 539
                keepalive = 2
                deadtime = 5
                network = nat
                debug_level = NONE
                monitor_links = 0
                syncdaemon = 0
                hard_shutdown = 1
                """);
        assertThat(roundTrip(config)).isEqualTo(config);
    }

    @Test
    void theCanonicalFormOfAFullService() {
        LvsConfig config = Cf.config("""
                primary = 10.0.0.1
                virtual www {
                    server a {
                        weight = 3
                    }
                    scheduler = rr
                    fwmark = 3
                    port = 443
                    sorry_server = 10.0.0.9
                    timeout = 0.5
                    send = "GET / HTTP/1.0\\r\\n\\r\\n"
                    client_monitor = "/opt/my nanny"
                    address = 10.0.0.100 eth0:1
                    active = 1
                }
                """);
        assertThat(LvsConfigWriter.write(config)).endsWith("""
                virtual www {
                    active = 1
                    address = 10.0.0.100 eth0:1
                    fwmark = 3
                    port = 443
                    send = "GET / HTTP/1.0\\r\\n\\r\\n"
                    scheduler = rr
                    protocol = tcp
                    timeout = 0.5
                    reentry = 180
                    quiesce_server = 0
                    sorry_server = 10.0.0.9
                    client_monitor = "/opt/my nanny"

                    server a {
                        active = 0
                        port = 80
                        weight = 3
                    }
                }
                """);
        assertThat(roundTrip(config)).isEqualTo(config);
    }

    @Test
    void stringsAreQuotedOnlyWhenNeededAndWithAQuoteTheyDoNotHold() throws Exception {
        GlobalSettings g = GlobalSettings.builder().primary(InetAddress.getByName("10.0.0.1"))
                .activeCmd("/bin/say 'up'")
                .inactiveCmd("/bin/say \"down\"")
                .debugLevel("")
                .rshCommand("ssh")
                .build();
        String text = LvsConfigWriter.write(LvsConfig.of(g));
        assertThat(text).contains("active_cmd = \"/bin/say 'up'\"\n", "inactive_cmd = '/bin/say \"down\"'\n",
                "debug_level = \"\"\n", "rsh_command = ssh\n").doesNotContain("ipvsadm");
        assertThat(roundTrip(LvsConfig.of(g)).globals()).isEqualTo(g);
    }

    @Test
    void decimalSecondsAreWrittenShortest() {
        GlobalSettings g = GlobalSettings.builder().keepalive(Duration.ofMillis(200)).deadtime(Duration.ofMillis(1500))
                .build();
        assertThat(LvsConfigWriter.write(LvsConfig.of(g))).contains("keepalive = 0.2\n", "deadtime = 1.5\n");
        assertThat(ValueType.formatSeconds(Duration.ofNanos(-1))).isEqualTo("-0.000000001");
        assertThat(ValueType.formatSeconds(Duration.ofSeconds(-3, 250_000_000))).isEqualTo("-2.75");
    }

    @Test
    void theModelRefusesValuesThatCouldNotBeWrittenBack() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VirtualService.builder("a b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("virtual service name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VirtualService.builder("v").send("GET / HTTP").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("send");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VirtualService.builder("v").expect("\"a\"b\"").build())
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GlobalSettings.builder().activeCmd("a\"b 'c").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("active_cmd");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GlobalSettings.builder().syncdIface("eth 0").build())
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GlobalSettings.builder().debugLevel("a\nb").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bothExamplesSurviveTheRoundTrip() throws IOException {
        for (String text : new String[] {Examples.reference(), Examples.shipped()}) {
            LvsConfig config = Cf.config(text);
            assertThat(roundTrip(config)).isEqualTo(config);
        }
    }

    @Test
    void writingAFileReplacesItWhole(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lvs.cf");
        Files.writeString(file, "old contents that are much longer than the new ones ".repeat(100));
        LvsConfig config = Cf.config(Cf.MINIMAL);
        LvsConfigWriter.write(config, file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(LvsConfigWriter.write(config));
        assertThat(Cf.PARSER.parse(file).config()).contains(config);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
