package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piranha.lvscf.Cf.ip;

import java.net.Inet6Address;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Piranha's lexical rules (lvsconfig.c), corner by corner. */
class LexicalTest {

    @Test
    void crlfAndCrLineEndsAreLineEndsAndCountOnce() {
        String lf = Cf.MINIMAL;
        LvsConfig expected = Cf.config(lf);
        assertThat(Cf.config(lf.replace("\n", "\r\n"))).isEqualTo(expected);
        assertThat(Cf.config(lf.replace("\n", "\r"))).isEqualTo(expected);

        ParseResult crlf = Cf.parse("primary = 10.0.0.1\r\n\r\nbogus = 1\r\n");
        assertThat(Cf.messages(crlf.diagnostics())).containsExactly("lvs.cf:3: unknown command \"bogus\" in the global section");
        ParseResult cr = Cf.parse("primary = 10.0.0.1\r\rbogus = 1\r");
        assertThat(Cf.messages(cr.diagnostics())).containsExactly("lvs.cf:3: unknown command \"bogus\" in the global section");
    }

    @Test
    void aFileWithoutFinalNewlineIsComplete() {
        assertThat(Cf.globals("serial_no = 3").serialNo()).isEqualTo(3);
    }

    @Test
    void commentAndBlankLinesAreSkippedWhereverTheyAre() {
        LvsConfig config = Cf.config("""
                # leading comment
                \t
                   # indented comment
                primary = 10.0.0.1

                virtual v {
                # comment inside a block
                    port = 81
                    server s {
                        #
                        weight = 2
                    }
                }
                """);
        assertThat(config.services().get(0).port()).isEqualTo(81);
        assertThat(config.services().get(0).servers().get(0).weight()).isEqualTo(2);
    }

    @Test
    void thereAreNoTrailingComments() {
        ParseResult result = Cf.parse("primary = 10.0.0.1 # the primary\n");
        assertThat(Cf.messages(result.diagnostics())).containsExactly(
                "lvs.cf:1: unexpected arguments: \"# the primary\" after the value of primary"
                        + " (comments must be on a line of their own)");
    }

    @Test
    void tabsSeparateTokensLikeSpaces() {
        assertThat(Cf.globals("serial_no\t=\t\t7\t").serialNo()).isEqualTo(7);
    }

    @Test
    void quotesAreKeptForSendExpectAndSendProgramOnly() {
        VirtualService v = Cf.service("""
                send = "GET / HTTP/1.0\\r\\n\\r\\n"
                send_program = "/bin/check --host=%h 'x y'"
                client_monitor = "/opt/my nanny"
                scheduler = "rr"
                """);
        assertThat(v.send()).contains("\"GET / HTTP/1.0\\r\\n\\r\\n\"");
        assertThat(v.sendText()).contains("GET / HTTP/1.0\\r\\n\\r\\n");
        assertThat(v.sendProgram()).contains("\"/bin/check --host=%h 'x y'\"");
        assertThat(v.sendProgramText()).contains("/bin/check --host=%h 'x y'");
        assertThat(v.clientMonitor()).contains("/opt/my nanny");
        assertThat(v.scheduler()).isEqualTo("rr");
        assertThat(Cf.globals("active_cmd = '/bin/say \"up\"'").activeCmd()).contains("/bin/say \"up\"");
    }

    @Test
    void aQuoteRunsToTheMatchingQuoteWithoutEscapes() {
        // 'it''s' is two tokens: 'it' and 's' -> the second is an unexpected argument.
        ParseResult result = Cf.parse("primary = 10.0.0.1\nvirtual v {\nexpect = 'it''s'\n}\n");
        assertThat(Cf.messages(result.diagnostics())).containsExactly(
                "lvs.cf:3: unexpected arguments: \"'s'\" after the value of expect (put a value with blanks in double quotes)");
        // A double quote inside single quotes (and the reverse) is an ordinary character.
        assertThat(Cf.service("expect = '\"*\"'").expect()).contains("'\"*\"'");
        assertThat(Cf.service("expect = \"it's\"").expect()).contains("\"it's\"");
        // Unquoted values keep quotes that do not start them.
        assertThat(Cf.service("expect = HTTP\"1\"").expect()).contains("HTTP\"1\"");
        // lvsd strips only double quotes: single quotes reach nanny.
        assertThat(Cf.service("expect = 'HTTP'").expectText()).contains("'HTTP'");
    }

    @Test
    void anUnquotedValueIsOneWordAndBlanksNeedQuotes() {
        assertThat(Cf.messages(Cf.parse("primary = 10.0.0.1\nactive_cmd = /bin/x arg\n").diagnostics())).containsExactly(
                "lvs.cf:2: unexpected arguments: \"arg\" after the value of active_cmd (put a value with blanks in double quotes)");
    }

    @Test
    void integersFollowStrtolBaseZero() {
        assertThat(Cf.globals("serial_no = 0x1F").serialNo()).isEqualTo(31);
        assertThat(Cf.globals("serial_no = 0X10").serialNo()).isEqualTo(16);
        assertThat(Cf.globals("serial_no = 017").serialNo()).isEqualTo(15);
        assertThat(Cf.globals("serial_no = 0").serialNo()).isZero();
        assertThat(Cf.globals("serial_no = -3").serialNo()).isEqualTo(-3);
        assertThat(Cf.globals("serial_no = +3").serialNo()).isEqualTo(3);
        assertThat(Cf.service("port = 0x50").port()).isEqualTo(80);
        assertThat(Cf.service("fwmark = 0x10").fwmark()).isEqualTo(16);
        assertThat(Cf.server("", "weight = 010").weight()).isEqualTo(8);
        // Seconds without a decimal point follow the same rules: 010 is octal.
        assertThat(Cf.globals("keepalive = 010").keepalive()).isEqualTo(Duration.ofSeconds(8));
        assertThat(Cf.globals("keepalive = 0x3").keepalive()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void booleansAreZeroOrOneAsIntegers() {
        assertThat(Cf.globals("heartbeat = 1").heartbeat()).isTrue();
        assertThat(Cf.globals("heartbeat = 0").heartbeat()).isFalse();
        assertThat(Cf.globals("heartbeat = 0x1").heartbeat()).isTrue();
    }

    @Test
    void portsArePortNumbersOrServiceNames() {
        assertThat(Cf.service("port = http").port()).isEqualTo(80);
        assertThat(Cf.service("port = www").port()).isEqualTo(80);
        assertThat(Cf.service("port = https").port()).isEqualTo(443);
        assertThat(Cf.service("port = http-alt").port()).isEqualTo(8080);
        assertThat(Cf.service("port = syslog").port()).as("a UDP-only name").isEqualTo(514);
        assertThat(Cf.globals("heartbeat_port = domain").heartbeatPort()).isEqualTo(53);
        assertThat(Cf.server("", "port = https").port()).isEqualTo(443);
    }

    @Test
    void portNamesComeFromTheServicesFileOrABuiltInTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path services = dir.resolve("services");
        java.nio.file.Files.writeString(services, "myapp 7777/tcp my-app\n");
        PortNames names = PortNames.fromFileOrBuiltIn(services);
        assertThat(names.lookup("myapp")).hasValue(7777);
        assertThat(names.lookup("my-app")).hasValue(7777);
        assertThat(names.lookup("http")).isEmpty();

        PortNames missing = PortNames.fromFileOrBuiltIn(dir.resolve("absent"));
        assertThat(missing.lookup("http")).hasValue(80);
        assertThat(missing.lookup("https")).hasValue(443);
        assertThat(missing.lookup("myapp")).isEmpty();

        assertThat(PortNames.system().lookup("http")).as("this machine's /etc/services, or the built-in table").hasValue(80);
    }

    @Test
    void hostsAreAddressesOrResolvableNames() {
        assertThat(Cf.globals("backup = web1.example").backup()).contains(ip("192.0.2.1"));
        assertThat(Cf.globals("backup = dual.example").backup()).as("IPv4 preferred, as gethostbyname").contains(ip("192.0.2.5"));
        assertThat(Cf.globals("backup = v6only.example").backup()).contains(ip("2001:db8::6"));
        assertThat(Cf.server("", "address = web1.example").address()).contains(ip("192.0.2.1"));
        assertThat(Cf.service("address = web1.example eth0:1").address())
                .contains(new InterfaceAddress(ip("192.0.2.1"), "eth0:1"));
    }

    @Test
    void localhostResolvesThroughTheSystemResolver() {
        LvsConfig config = LvsConfigParser.standard()
                .parse("lvs.cf", "primary = localhost\nvirtual v {\nserver s {\naddress = localhost\n}\n}\n")
                .config().orElseThrow();
        assertThat(config.globals().primary()).hasValueSatisfying(a -> assertThat(a.isLoopbackAddress()).isTrue());
        assertThat(config.services().get(0).servers().get(0).address())
                .hasValueSatisfying(a -> assertThat(a.isLoopbackAddress()).isTrue());
    }

    @Test
    void ipv6AddressesAreAcceptedEverywhereAnAddressIs() {
        LvsConfig config = Cf.config("""
                primary = 2001:db8::1
                backup = [2001:db8::2]
                nat_router = fd00::1 eth1
                virtual v6 {
                    address = 2001:db8:0:0::100 eth0
                    sorry_server = ::1
                    server s {
                        address = 2001:db8:1::10
                    }
                }
                """);
        assertThat(config.globals().primary()).contains(ip("2001:db8::1"));
        assertThat(config.globals().backup()).contains(ip("2001:db8::2"));
        assertThat(config.globals().natRouter().orElseThrow().address()).isEqualTo(ip("fd00::1"));
        VirtualService v = config.services().get(0);
        assertThat(v.address().orElseThrow().address()).isInstanceOf(Inet6Address.class).isEqualTo(ip("2001:db8::100"));
        assertThat(v.sorryServer()).contains(ip("::1"));
        assertThat(v.servers().get(0).address()).contains(ip("2001:db8:1::10"));
    }

    @Test
    void aServerInheritsThePortItsServiceHadWhenTheServerLineWasRead() {
        VirtualService v = Cf.service("""
                server before {
                }
                port = 8080
                server after {
                }
                server own {
                    port = 9000
                }
                port = 443
                """);
        assertThat(v.port()).isEqualTo(443);
        assertThat(v.servers()).extracting(RealServer::name, RealServer::port)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("before", 80),
                        org.assertj.core.groups.Tuple.tuple("after", 8080),
                        org.assertj.core.groups.Tuple.tuple("own", 9000));
    }

    @Test
    void aRepeatedKeyOverwritesWithAWarning() {
        ParseResult result = Cf.parse("primary = 10.0.0.1\nkeepalive = 3\nkeepalive = 4\n");
        assertThat(result.config().orElseThrow().globals().keepalive()).isEqualTo(Duration.ofSeconds(4));
        assertThat(Cf.messages(result.diagnostics())).containsExactly(
                "lvs.cf:3: warning: keepalive is set again (first at line 2): the last value wins");
    }

    @Test
    void keysInAnyOrder() {
        LvsConfig a = Cf.config("primary = 10.0.0.1\nbackup = 10.0.0.2\nvirtual v {\nport = 81\nactive = 1\n}\n");
        LvsConfig b = Cf.config("virtual v {\nactive = 1\nport = 81\n}\nbackup = 10.0.0.2\nprimary = 10.0.0.1\n");
        assertThat(a).isEqualTo(b);
    }

    @Test
    void namesAreFreeTokensAndMayBeQuoted() {
        LvsConfig config = Cf.config("primary = 10.0.0.1\nvirtual web-1.example:80 {\nserver \"rs one\" {\n}\n}\n");
        assertThat(config.services().get(0).name()).isEqualTo("web-1.example:80");
        assertThat(config.services().get(0).servers().get(0).name()).isEqualTo("\"rs one\"");
    }

    @Test
    void serviceLvsIsAccepted() {
        assertThat(Cf.parse("primary = 10.0.0.1\nservice = lvs\n").hasErrors()).isFalse();
        assertThat(Cf.parse("primary = 10.0.0.1\nservice = \"lvs\"\n").hasErrors()).isFalse();
    }

    @Test
    void nonUtf8BytesDoNotStopTheParser(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("lvs.cf");
        java.nio.file.Files.write(file, ("# caf\u00e9 in Latin-1: \u00e9\nprimary = 10.0.0.1\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(Cf.PARSER.parse(file).config()).isPresent();
    }
}
