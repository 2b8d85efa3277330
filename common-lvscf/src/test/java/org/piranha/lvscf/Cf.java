package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Collectors;

/** Test helpers: a parser with a known services table and a fake DNS, and short ways to build input. */
final class Cf {

    static final PortNames PORTS = PortNames.parse("""
            # a services file in the usual format
            http            80/tcp          www             # WorldWideWeb HTTP
            https           443/tcp
            domain          53/tcp
            domain          53/udp
            syslog          514/udp
            webcache        8080/tcp        http-alt
            """);

    /** Fake DNS: web1.example and dual.example (which has an IPv6 address first). */
    static final HostResolver RESOLVER = name -> switch (name) {
        case "web1.example" -> new InetAddress[] {ip("192.0.2.1")};
        case "dual.example" -> new InetAddress[] {ip("2001:db8::5"), ip("192.0.2.5")};
        case "v6only.example" -> new InetAddress[] {ip("2001:db8::6")};
        default -> throw new UnknownHostException(name);
    };

    static final LvsConfigParser PARSER = LvsConfigParser.with(PORTS, RESOLVER);
    static final LvsConfigLoader LOADER = LvsConfigLoader.with(PARSER);

    /** The smallest valid config: a primary and one active service with one active server. */
    static final String MINIMAL = """
            primary = 10.0.0.1
            network = direct
            virtual www {
                active = 1
                address = 10.0.0.100 eth0:1
                server web1 {
                    address = 10.0.1.1
                    active = 1
                }
            }
            """;

    private Cf() {}

    static InetAddress ip(String literal) {
        InetAddress address = ValueType.literal(literal);
        if (address == null) {
            throw new IllegalArgumentException(literal);
        }
        return address;
    }

    static ParseResult parse(String text) {
        return PARSER.parse("lvs.cf", text);
    }

    /** Parses text that must have no error, and returns the config. */
    static LvsConfig config(String text) {
        ParseResult result = parse(text);
        assertThat(result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString))
                .as("parse errors").isEmpty();
        return result.config().orElseThrow();
    }

    static LoadResult load(String text) {
        return LOADER.load("lvs.cf", text);
    }

    /** Every diagnostic as printed: "lvs.cf:LINE: message". */
    static List<String> messages(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::toString).collect(Collectors.toList());
    }

    /** The globals of {@code primary = 10.0.0.1} plus the given lines. */
    static GlobalSettings globals(String lines) {
        return config("primary = 10.0.0.1\n" + lines).globals();
    }

    /** The only service of a config made of a virtual block with the given lines. */
    static VirtualService service(String lines) {
        return config("primary = 10.0.0.1\nvirtual v {\n" + lines + "\n}\n").services().get(0);
    }

    /** The only server of a service made of the given service lines and a server block with the given lines. */
    static RealServer server(String serviceLines, String serverLines) {
        return service(serviceLines + "\nserver s {\n" + serverLines + "\n}").servers().get(0);
    }
}
