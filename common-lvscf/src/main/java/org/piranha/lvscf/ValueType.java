package org.piranha.lvscf;

import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One kind of value in lvs.cf: how many tokens it takes after {@code =}, how to read them with
 * Piranha's rules, and how to write the value back. Error messages start with Piranha's wording
 * ({@code integer expected}, {@code boolean expected}, ...) and then say what is wrong.
 */
final class ValueType {

    /** What the parser needs from the outside world: port names and a host resolver. */
    record Context(PortNames ports, HostResolver resolver) {}

    /** A value that does not fit its key; the message is complete but has no file and line. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    @FunctionalInterface
    interface Reader {
        Object read(String key, List<String> tokens, Context context) throws BadValue;
    }

    /** {@code strtol(value, NULL, 0)}: decimal, 0x hex or leading-0 octal, optional sign. */
    static final ValueType INTEGER = new ValueType(1, (key, t, c) -> integer(key, t.get(0)), String::valueOf);

    /** Only 0 and 1 (as integers, so 0x1 counts). */
    static final ValueType BOOLEAN = new ValueType(1, (key, t, c) -> bool(key, t.get(0)), v -> (Boolean) v ? "1" : "0");

    /** A number or a name from /etc/services. */
    static final ValueType PORT = new ValueType(1, (key, t, c) -> port(key, t.get(0), c), String::valueOf);

    /** An IPv4 or IPv6 address, or a host name the resolver knows. */
    static final ValueType HOST = new ValueType(1, (key, t, c) -> host(key, t.get(0), c),
            v -> Addresses.format((InetAddress) v));

    /** An IP address only (no name lookup), as Piranha required for sorry_server. */
    static final ValueType IP = new ValueType(1, (key, t, c) -> ipLiteral(key, t.get(0)),
            v -> Addresses.format((InetAddress) v));

    /** {@code IP DEV}, both required. */
    static final ValueType HOST_AND_DEVICE = new ValueType(2, ValueType::hostAndDevice, String::valueOf);

    static final ValueType NETMASK = new ValueType(1, (key, t, c) -> netmask(key, t.get(0)), String::valueOf);

    /** Seconds as an integer (Piranha's rules) or, as an extension, a decimal such as 0.2. */
    static final ValueType SECONDS = new ValueType(1, (key, t, c) -> seconds(key, t.get(0)),
            v -> formatSeconds((Duration) v));

    /** A string whose surrounding quotes are removed. */
    static final ValueType STRING = new ValueType(1, (key, t, c) -> Lexical.stripQuotes(t.get(0)),
            v -> Lexical.quoteIfNeeded((String) v));

    /** A single word (quotes removed): scheduler and device names. */
    static final ValueType WORD = new ValueType(1, (key, t, c) -> word(key, t.get(0)), v -> (String) v);

    /** A string kept exactly as written, quotes included (send, expect, send_program, ...). */
    static final ValueType QUOTED_STRING = new ValueType(1, (key, t, c) -> t.get(0), v -> (String) v);

    /** {@code [ a b c ]}: parsed for the legacy {@code dirs} key. */
    static final ValueType LIST = new ValueType(-1, ValueType::list, String::valueOf);

    /** An autonomous system number, 1 to 4294967295 (4-byte ASNs, RFC 6793), as a Long. */
    static final ValueType ASN = new ValueType(1, (key, t, c) -> asn(key, t.get(0)), String::valueOf);

    /** One or more IPv4 addresses separated by blanks (no names: they are BGP neighbours). */
    static final ValueType IPV4_LIST = new ValueType(-1, ValueType::ipv4List, v -> ((List<?>) v).stream()
            .map(a -> Addresses.format((InetAddress) a)).collect(Collectors.joining(" ")));

    final int arity;
    private final Reader reader;
    private final Function<Object, String> writer;

    private ValueType(int arity, Reader reader, Function<Object, String> writer) {
        this.arity = arity;
        this.reader = reader;
        this.writer = writer;
    }

    /** A keyword type over an enum, using the enum's lvs.cf words. */
    static <E extends Enum<E>> ValueType keyword(Class<E> type, Function<E, String> word) {
        E[] values = type.getEnumConstants();
        String expected = describeChoices(Arrays.stream(values).map(word).collect(Collectors.toList()));
        return new ValueType(1, (key, t, c) -> {
            String token = Lexical.stripQuotes(t.get(0));
            for (E value : values) {
                if (word.apply(value).equals(token)) {
                    return value;
                }
            }
            throw new BadValue("invalid argument \"" + token + "\" for " + key + ": expected " + expected);
        }, v -> word.apply(type.cast(v)));
    }

    /**
     * One or more keywords of an enum separated by blanks, read into an unmodifiable set that
     * writes back in the enum's order; a repeated word counts once.
     */
    static <E extends Enum<E>> ValueType keywordSet(Class<E> type, Function<E, String> word) {
        E[] values = type.getEnumConstants();
        String expected = describeChoices(Arrays.stream(values).map(word).collect(Collectors.toList()));
        return new ValueType(-1, (key, tokens, c) -> {
            EnumSet<E> set = EnumSet.noneOf(type);
            for (String t : tokens) {
                String token = Lexical.stripQuotes(t);
                E found = null;
                for (E value : values) {
                    if (word.apply(value).equals(token)) {
                        found = value;
                    }
                }
                if (found == null) {
                    throw new BadValue("invalid argument \"" + token + "\" for " + key + ": expected one or more of "
                            + expected);
                }
                set.add(found);
            }
            return Collections.unmodifiableSet(set);
        }, v -> EnumSet.copyOf(((Set<?>) v).stream().map(type::cast).collect(Collectors.toSet())).stream()
                .map(word).collect(Collectors.joining(" ")));
    }

    Object read(String key, List<String> tokens, Context context) throws BadValue {
        return reader.read(key, tokens, context);
    }

    String write(Object value) {
        return writer.apply(value);
    }

    static String describeChoices(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    static int integer(String key, String token) throws BadValue {
        String s = Lexical.stripQuotes(token);
        Long value = strtol(s);
        if (value == null) {
            throw new BadValue("integer expected: \"" + s + "\" for " + key
                    + " is not a whole number (decimal, 0x hex or 0 octal)");
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new BadValue("integer expected: " + s + " for " + key + " is out of range");
        }
        return (int) (long) value;
    }

    /** The whole string as strtol base 0 reads it, or null if any of it is not a number. */
    static Long strtol(String s) {
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            radix = 16;
            i += 2;
        } else if (s.startsWith("0", i) && s.length() > i + 1) {
            radix = 8;
            i += 1;
        }
        if (i >= s.length()) {
            return null;
        }
        long value = 0;
        for (; i < s.length(); i++) {
            int digit = Character.digit(s.charAt(i), radix);
            if (digit < 0) {
                return null;
            }
            value = value * radix + digit;
            if (value > 0xFFFF_FFFFL * 16) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
        }
        return negative ? -value : value;
    }

    static long asn(String key, String token) throws BadValue {
        String s = Lexical.stripQuotes(token);
        if (!s.matches("[0-9]{1,10}")) {
            throw new BadValue("bad AS number \"" + s + "\" for " + key
                    + ": expected a decimal number from 1 to 4294967295, such as 65001");
        }
        long value = Long.parseLong(s);
        if (value < 1 || value > 0xFFFF_FFFFL) {
            throw new BadValue("bad AS number " + s + " for " + key + ": it must be from 1 to 4294967295");
        }
        return value;
    }

    private static Object ipv4List(String key, List<String> tokens, Context context) throws BadValue {
        List<InetAddress> addresses = new java.util.ArrayList<>();
        for (String t : tokens) {
            String s = Lexical.stripQuotes(t);
            byte[] v4 = Ipv4.parseDottedQuad(s);
            if (v4 == null) {
                throw new BadValue("invalid argument \"" + s + "\" for " + key
                        + ": expected IPv4 addresses separated by blanks, such as 192.0.2.1 192.0.2.2");
            }
            try {
                InetAddress address = InetAddress.getByAddress(v4);
                if (addresses.contains(address)) {
                    throw new BadValue("invalid argument: " + s + " is given twice for " + key);
                }
                addresses.add(address);
            } catch (UnknownHostException e) {
                throw new AssertionError(e); // four bytes are always an address
            }
        }
        return List.copyOf(addresses);
    }

    private static boolean bool(String key, String token) throws BadValue {
        String s = Lexical.stripQuotes(token);
        Long value = strtol(s);
        if (value == null || (value != 0 && value != 1)) {
            throw new BadValue("boolean expected: \"" + s + "\" for " + key + " must be 0 or 1");
        }
        return value == 1;
    }

    private static int port(String key, String token, Context context) throws BadValue {
        String s = Lexical.stripQuotes(token);
        Long number = strtol(s);
        if (number != null) {
            if (number < 0 || number > 65535) {
                throw new BadValue("invalid argument: port " + s + " for " + key + " is out of range (0-65535)");
            }
            return (int) (long) number;
        }
        OptionalInt named = context.ports().lookup(s);
        if (named.isEmpty()) {
            throw new BadValue("invalid argument \"" + s + "\" for " + key
                    + ": not a port number nor a service name in /etc/services");
        }
        return named.getAsInt();
    }

    static InetAddress host(String key, String token, Context context) throws BadValue {
        String s = Lexical.stripQuotes(token);
        InetAddress literal = literal(s);
        if (literal != null) {
            return literal;
        }
        if (s.matches("[0-9.]+")) {
            throw new BadValue("invalid host name or ip address \"" + s + "\" for " + key + ": not a valid IPv4 address");
        }
        if (s.indexOf(':') >= 0 || s.startsWith("[")) {
            throw new BadValue("invalid host name or ip address \"" + s + "\" for " + key + ": not a valid IPv6 address");
        }
        InetAddress[] addresses;
        try {
            addresses = context.resolver().resolve(s);
        } catch (UnknownHostException | SecurityException e) {
            throw new BadValue("invalid host name or ip address \"" + s + "\" for " + key + ": cannot resolve it");
        }
        if (addresses == null || addresses.length == 0) {
            throw new BadValue("invalid host name or ip address \"" + s + "\" for " + key + ": cannot resolve it");
        }
        for (InetAddress address : addresses) {
            if (address instanceof Inet4Address) {
                return address;
            }
        }
        return addresses[0];
    }

    private static InetAddress ipLiteral(String key, String token) throws BadValue {
        String s = Lexical.stripQuotes(token);
        InetAddress literal = literal(s);
        if (literal == null) {
            throw new BadValue("invalid host name or ip address \"" + s + "\" for " + key + ": an IP address is required");
        }
        return literal;
    }

    /** A dotted quad or an IPv6 literal (brackets allowed); null for anything else. Never resolves. */
    static InetAddress literal(String s) {
        byte[] v4 = Ipv4.parseDottedQuad(s);
        try {
            if (v4 != null) {
                return InetAddress.getByAddress(v4);
            }
            if (s.indexOf(':') >= 0) {
                return InetAddress.getByName(s);
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    private static Object hostAndDevice(String key, List<String> tokens, Context context) throws BadValue {
        InetAddress address = host(key, tokens.get(0), context);
        String device = Lexical.stripQuotes(tokens.get(1));
        if (!Lexical.isBareWord(device)) {
            throw new BadValue("invalid argument \"" + device + "\" for " + key + ": expected a device name such as eth0:1");
        }
        return new InterfaceAddress(address, device);
    }

    private static Netmask netmask(String key, String token) throws BadValue {
        String s = Lexical.stripQuotes(token);
        if (Ipv4.parseDottedQuad(s) == null) {
            throw new BadValue("Bad subnet mask specified: \"" + s + "\" for " + key
                    + " is not a dotted quad such as 255.255.255.0");
        }
        return Netmask.parse(s);
    }

    static Duration seconds(String key, String token) throws BadValue {
        String s = Lexical.stripQuotes(token);
        if (s.indexOf('.') < 0) {
            return Duration.ofSeconds(integer(key, s));
        }
        if (!s.matches("[+-]?([0-9]+\\.[0-9]*|\\.[0-9]+)")) {
            throw new BadValue("integer expected: \"" + s + "\" for " + key + " is not a number of seconds");
        }
        BigDecimal value = new BigDecimal(s);
        if (value.scale() > 9) {
            throw new BadValue("invalid argument: " + s + " for " + key + " has more than 9 decimal places");
        }
        if (value.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new BadValue("integer expected: " + s + " for " + key + " is out of range");
        }
        BigDecimal nanos = value.movePointRight(9);
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** Whole seconds as an integer, anything else as the shortest decimal ({@code 0.2}). */
    static String formatSeconds(Duration d) {
        if (d.getNano() == 0) {
            return Long.toString(d.getSeconds());
        }
        BigDecimal value = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
        return value.stripTrailingZeros().toPlainString();
    }

    private static String word(String key, String token) throws BadValue {
        String s = Lexical.stripQuotes(token);
        if (!Lexical.isBareWord(s)) {
            throw new BadValue("invalid argument \"" + s + "\" for " + key + ": expected a single word");
        }
        return s;
    }

    private static Object list(String key, List<String> tokens, Context context) throws BadValue {
        if (tokens.size() < 2 || !tokens.get(0).equals("[") || !tokens.get(tokens.size() - 1).equals("]")) {
            throw new BadValue("list expected: " + key + " takes a list such as [ /a /b ]");
        }
        return List.copyOf(tokens.subList(1, tokens.size() - 1));
    }
}
