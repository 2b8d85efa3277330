package org.piranha.nanny;

/**
 * Piranha's backslash translation of send and expect strings (skipped with {@code -T}): {@code \\}
 * {@code \r} {@code \n} {@code \t} {@code \'} {@code \"} become the characters they name; any other
 * backslash is kept as it is.
 */
final class Escapes {

    private Escapes() {
    }

    static String translate(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                char real = switch (next) {
                    case '\\' -> '\\';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '\'' -> '\'';
                    case '"' -> '"';
                    default -> 0;
                };
                if (real != 0) {
                    out.append(real);
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The reverse, for quoting what a server sent in a log line that must stay on one line. */
    static String show(byte[] bytes, int length, int max) {
        StringBuilder out = new StringBuilder();
        int n = Math.min(length, max);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                    if (b < 0x20 || b >= 0x7f) {
                        out.append("\\x").append(Character.forDigit(b >> 4, 16))
                                .append(Character.forDigit(b & 0xf, 16));
                    } else {
                        out.append((char) b);
                    }
                }
            }
        }
        if (length > max) {
            out.append("...");
        }
        return out.toString();
    }
}
