package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parse error, as the operator sees it: FILE:LINE, Piranha's wording (lvsStrerror) first,
 * then what is wrong specifically.
 */
class ParseErrorsTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                // Piranha's "Empty configuration" (zero-length file).
                error("", "lvs.cf:1: Empty configuration"),
                // quotation mismatch
                error("primary = 10.0.0.1\nvirtual v {\nsend = \"abc\n}\n",
                        "lvs.cf:3: quotation mismatch: the \" in column 8 is never closed on this line"),
                // unexpected end of file
                error("virtual v {\nport = 80\n",
                        "lvs.cf:2: unexpected end of file: virtual v (line 1) is not closed with }"),
                error("virtual v {\nserver s {\n",
                        "lvs.cf:2: unexpected end of file: server s (line 2) is not closed with }",
                        "lvs.cf:2: unexpected end of file: virtual v (line 1) is not closed with }"),
                // equal (=) expected after command
                error("primary 10.0.0.1\n", "lvs.cf:1: equal (=) expected after command \"primary\""),
                error("primary\n", "lvs.cf:1: equal (=) expected after command \"primary\""),
                error("primary =10.0.0.1\n",
                        "lvs.cf:1: equal (=) expected after command \"primary\" (put blanks around \"=\")"),
                // unknown command
                error("primary=10.0.0.1\n",
                        "lvs.cf:1: unknown command \"primary=10.0.0.1\" (write \"primary = 10.0.0.1\" with blanks around \"=\")"),
                error("bogus = 1\n", "lvs.cf:1: unknown command \"bogus\" in the global section"),
                error("virtual v {\nscheduller = rr\n}\n",
                        "lvs.cf:2: unknown command \"scheduller\" in a virtual block (did you mean \"scheduler\"?)"),
                error("scheduler = rr\n",
                        "lvs.cf:1: unknown command \"scheduler\" in the global section (it belongs in a virtual block)"),
                error("port = 80\n", "lvs.cf:1: unknown command \"port\" in the global section"
                        + " (it belongs in a virtual block or a server block)"),
                error("virtual v {\nweight = 1\n}\n",
                        "lvs.cf:2: unknown command \"weight\" in a virtual block (it belongs in a server block)"),
                error("virtual v {\nserver s {\nscheduler = rr\n}\n}\n",
                        "lvs.cf:3: unknown command \"scheduler\" in a server block (it belongs in a virtual block)"),
                error("virtual v {\nkeepalive = 1\n}\n",
                        "lvs.cf:2: unknown command \"keepalive\" in a virtual block (it belongs in the global section)"),
                // missing arguments
                error("primary =\n", "lvs.cf:1: missing arguments: no value after \"primary =\""),
                error("nat_router = 10.0.0.1\n", "lvs.cf:1: missing arguments: nat_router needs an IP address"
                        + " and a device, as in \"nat_router = 10.0.0.100 eth0:1\""),
                error("virtual v {\naddress = 10.0.0.1\n}\n", "lvs.cf:2: missing arguments: address needs an IP address"
                        + " and a device, as in \"address = 10.0.0.100 eth0:1\""),
                // unexpected arguments
                error("nat_router = 10.0.0.1 eth0 extra\n",
                        "lvs.cf:1: unexpected arguments: \"extra\" after the value of nat_router"),
                error("serial_no = 1 # revision\n", "lvs.cf:1: unexpected arguments: \"# revision\" after the value"
                        + " of serial_no (comments must be on a line of their own)"),
                // invalid host name or ip address
                error("primary = nosuch.example\n",
                        "lvs.cf:1: invalid host name or ip address \"nosuch.example\" for primary: cannot resolve it"),
                error("backup = 10.0.0.256\n",
                        "lvs.cf:1: invalid host name or ip address \"10.0.0.256\" for backup: not a valid IPv4 address"),
                error("backup = 2001:db8::zz\n",
                        "lvs.cf:1: invalid host name or ip address \"2001:db8::zz\" for backup: not a valid IPv6 address"),
                error("virtual v {\nsorry_server = web1.example\n}\n", "lvs.cf:2: invalid host name or ip address"
                        + " \"web1.example\" for sorry_server: an IP address is required"),
                // invalid argument
                error("network = NAT\n", "lvs.cf:1: invalid argument \"NAT\" for network: expected direct, nat or tunnel"),
                error("virtual v {\nprotocol = sctp\n}\n",
                        "lvs.cf:2: invalid argument \"sctp\" for protocol: expected tcp or udp"),
                error("virtual v {\nload_monitor = top\n}\n",
                        "lvs.cf:2: invalid argument \"top\" for load_monitor: expected uptime, rup, ruptime or none"),
                error("virtual v {\nscheduler = \"w rr\"\n}\n",
                        "lvs.cf:2: invalid argument \"w rr\" for scheduler: expected a single word"),
                error("virtual v {\naddress = 10.0.0.1 'eth 0'\n}\n",
                        "lvs.cf:2: invalid argument \"eth 0\" for address: expected a device name such as eth0:1"),
                error("heartbeat_port = httpx\n", "lvs.cf:1: invalid argument \"httpx\" for heartbeat_port:"
                        + " not a port number nor a service name in /etc/services"),
                error("heartbeat_port = 70000\n",
                        "lvs.cf:1: invalid argument: port 70000 for heartbeat_port is out of range (0-65535)"),
                error("keepalive = 0.1234567891\n",
                        "lvs.cf:1: invalid argument: 0.1234567891 for keepalive has more than 9 decimal places"),
                error("service = both\n", "lvs.cf:1: invalid argument \"both\" for service: expected lvs or fos"),
                // integer expected
                error("serial_no = 12abc\n", "lvs.cf:1: integer expected: \"12abc\" for serial_no is not a whole number"
                        + " (decimal, 0x hex or 0 octal)"),
                error("serial_no = 08\n", "lvs.cf:1: integer expected: \"08\" for serial_no is not a whole number"
                        + " (decimal, 0x hex or 0 octal)"),
                error("serial_no = 99999999999\n", "lvs.cf:1: integer expected: 99999999999 for serial_no is out of range"),
                error("keepalive = 1.2.3\n", "lvs.cf:1: integer expected: \"1.2.3\" for keepalive is not a number of seconds"),
                error("virtual v {\ntimeout = abc\n}\n", "lvs.cf:2: integer expected: \"abc\" for timeout is not a whole"
                        + " number (decimal, 0x hex or 0 octal)"),
                // boolean expected
                error("heartbeat = 2\n", "lvs.cf:1: boolean expected: \"2\" for heartbeat must be 0 or 1"),
                error("virtual v {\nactive = yes\n}\n", "lvs.cf:2: boolean expected: \"yes\" for active must be 0 or 1"),
                // list expected
                error("virtual v {\ndirs = a b\n}\n", "lvs.cf:2: list expected: dirs takes a list such as [ /a /b ]"),
                // Bad subnet mask specified
                error("nat_nmask = 255.255.255\n", "lvs.cf:1: Bad subnet mask specified: \"255.255.255\" for nat_nmask"
                        + " is not a dotted quad such as 255.255.255.0"),
                error("virtual v {\nvip_nmask = 24\n}\n", "lvs.cf:2: Bad subnet mask specified: \"24\" for vip_nmask"
                        + " is not a dotted quad such as 255.255.255.0"),
                // Blocks
                error("}\n", "lvs.cf:1: unexpected }: no block is open here"),
                error("virtual v {\n} }\n",
                        "lvs.cf:2: unexpected arguments after }: a block ends with a line holding only }"),
                error("virtual\n", "lvs.cf:1: missing arguments: virtual needs a name and \"{\", as in \"virtual NAME {\""),
                error("virtual v\n", "lvs.cf:1: missing arguments: \"{\" expected after virtual v"),
                error("virtual v{\nport = 81\n}\n",
                        "lvs.cf:1: missing arguments: write \"virtual NAME {\" with blanks between the three words"),
                error("virtual v { x\n}\n", "lvs.cf:1: unexpected arguments: a block starts with exactly \"virtual NAME {\""),
                error("server s {\n}\n",
                        "lvs.cf:1: server s is outside a virtual block: a server block belongs inside \"virtual NAME { }\"",
                        "lvs.cf:2: unexpected }: no block is open here"),
                error("virtual a {\nvirtual b {\n}\n",
                        "lvs.cf:2: virtual b starts inside virtual a (line 1): a } is missing before it"),
                error("virtual a {\nserver s {\nserver t {\n}\n}\n",
                        "lvs.cf:3: server t starts inside server s (line 2): a } is missing before it"),
                // FOS mode is refused; a failover block is ignored, but must still parse.
                error("service = fos\n", "lvs.cf:1: service = fos: FOS mode (failover services) is not supported by"
                        + " this piranha; use service = lvs with virtual blocks"),
                error("failover f {\nport = x y\n}\n",
                        "lvs.cf:1: warning: failover f is ignored, as Piranha ignored it under service = lvs"
                                + " (failover blocks are for FOS mode, service = fos, which this piranha does not"
                                + " run); it is kept when the file is written",
                        "lvs.cf:2: unexpected arguments: \"y\" after the value of port"));
    }

    private static Arguments error(String text, String... expected) {
        return Arguments.of("[" + text.replace("\n", "\\n") + "]", text, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void reportsEachErrorWithFileLineAndWhatIsWrong(String shown, String text, List<String> expected) {
        ParseResult result = Cf.parse(text);
        assertThat(Cf.messages(result.diagnostics())).containsExactlyElementsOf(expected);
        assertThat(result.config()).as("no config from a file with errors").isEmpty();
    }

    @Test
    void everyErrorOfAFileIsReportedNotJustTheFirst() {
        ParseResult result = Cf.parse("""
                primary = 10.0.0.1
                keepalive = two
                network direct
                virtual www {
                    active = 1
                    scheduller = rr
                    port = http x
                    server web1 {
                        weight = heavy
                    }
                }
                """);
        assertThat(Cf.messages(result.diagnostics())).containsExactly(
                "lvs.cf:2: integer expected: \"two\" for keepalive is not a whole number (decimal, 0x hex or 0 octal)",
                "lvs.cf:3: equal (=) expected after command \"network\"",
                "lvs.cf:6: unknown command \"scheduller\" in a virtual block (did you mean \"scheduler\"?)",
                "lvs.cf:7: unexpected arguments: \"x\" after the value of port",
                "lvs.cf:9: integer expected: \"heavy\" for weight is not a whole number (decimal, 0x hex or 0 octal)");
    }

    @Test
    void theFileNameIsShownAsGiven() {
        ParseResult result = Cf.PARSER.parse("/etc/sysconfig/ha/lvs.cf", "primary = 10.0.0.1\nbogus = 1\n");
        assertThat(Cf.messages(result.diagnostics()))
                .containsExactly("/etc/sysconfig/ha/lvs.cf:2: unknown command \"bogus\" in the global section");
        assertThat(result.diagnostics().get(0)).isEqualTo(
                Diagnostic.error("/etc/sysconfig/ha/lvs.cf", 2, "unknown command \"bogus\" in the global section"));
    }

    @Test
    void aMissingBraceIsRecoveredSoTheRestOfTheFileIsStillChecked() {
        // "virtual www{" is reported once; the block is still opened, so its keys are not "unknown".
        ParseResult result = Cf.parse("primary = 10.0.0.1\nvirtual www{\nport = 81\nbogus = 1\n}\n");
        assertThat(Cf.messages(result.diagnostics())).containsExactly(
                "lvs.cf:2: missing arguments: write \"virtual NAME {\" with blanks between the three words",
                "lvs.cf:4: unknown command \"bogus\" in a virtual block");
    }
}
