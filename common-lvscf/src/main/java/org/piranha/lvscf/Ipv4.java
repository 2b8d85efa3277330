package org.piranha.lvscf;

/** A fast, strict dotted-quad parser: the common case of every address in lvs.cf. */
final class Ipv4 {

    private Ipv4() {}

    /** The four bytes of {@code a.b.c.d} (each 0-255, decimal, no sign), or null. */
    static byte[] parseDottedQuad(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 3) {
                    return null;
                }
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == '.') {
                if (digits == 0 || value > 255 || part == 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (digits == 0 || value > 255 || part != 3) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }
}
