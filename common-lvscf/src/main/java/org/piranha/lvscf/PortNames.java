package org.piranha.lvscf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Port names as in /etc/services ({@code port = http}). Piranha looked names up as TCP services;
 * so do we, falling back to a UDP-only entry. Without a readable services file a small table of
 * well-known names is used, so a minimal container still understands {@code http}.
 */
public final class PortNames {

    public static final Path SYSTEM_FILE = Path.of("/etc/services");

    private static final Map<String, Integer> WELL_KNOWN = Map.ofEntries(
            Map.entry("ftp", 21), Map.entry("ssh", 22), Map.entry("telnet", 23), Map.entry("smtp", 25),
            Map.entry("domain", 53), Map.entry("http", 80), Map.entry("www", 80), Map.entry("pop3", 110),
            Map.entry("ntp", 123), Map.entry("imap", 143), Map.entry("imap2", 143), Map.entry("snmp", 161),
            Map.entry("ldap", 389), Map.entry("https", 443), Map.entry("submission", 587),
            Map.entry("ldaps", 636), Map.entry("imaps", 993), Map.entry("pop3s", 995),
            Map.entry("mysql", 3306), Map.entry("postgresql", 5432));

    private static volatile PortNames system;

    private final Map<String, Integer> ports;

    private PortNames(Map<String, Integer> ports) {
        this.ports = ports;
    }

    /** The system's /etc/services, read once; the built-in table when it cannot be read. */
    public static PortNames system() {
        PortNames names = system;
        if (names == null) {
            names = fromFileOrBuiltIn(SYSTEM_FILE);
            system = names;
        }
        return names;
    }

    /** The given services file, or the built-in table when it cannot be read. */
    public static PortNames fromFileOrBuiltIn(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException | SecurityException e) {
            return builtIn();
        }
    }

    /** The small table used when no services file is available. */
    public static PortNames builtIn() {
        return new PortNames(WELL_KNOWN);
    }

    /** Parses the text of a services file: {@code name port/proto [aliases...] [# comment]}. */
    public static PortNames parse(String text) {
        Map<String, Integer> tcp = new HashMap<>();
        Map<String, Integer> other = new HashMap<>();
        for (String line : text.split("\r?\n|\r")) {
            int hash = line.indexOf('#');
            String[] fields = (hash >= 0 ? line.substring(0, hash) : line).trim().split("[ \t]+");
            if (fields.length < 2) {
                continue;
            }
            int slash = fields[1].indexOf('/');
            if (slash <= 0) {
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(fields[1].substring(0, slash));
            } catch (NumberFormatException e) {
                continue;
            }
            Map<String, Integer> target = fields[1].substring(slash + 1).equals("tcp") ? tcp : other;
            target.putIfAbsent(fields[0], port);
            for (int i = 2; i < fields.length; i++) {
                target.putIfAbsent(fields[i], port);
            }
        }
        other.forEach(tcp::putIfAbsent);
        return new PortNames(Map.copyOf(tcp));
    }

    public OptionalInt lookup(String name) {
        Integer port = ports.get(name);
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }
}
