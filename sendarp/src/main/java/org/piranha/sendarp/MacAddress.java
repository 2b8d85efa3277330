package org.piranha.sendarp;

import java.util.Arrays;
import java.util.HexFormat;

/** A 48-bit Ethernet hardware address. */
public final class MacAddress {

    public static final MacAddress BROADCAST = new MacAddress(new byte[] {-1, -1, -1, -1, -1, -1});
    public static final MacAddress ZERO = new MacAddress(new byte[6]);

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a hardware address has 6 bytes, not " + bytes.length);
        }
        return new MacAddress(bytes.clone());
    }

    /**
     * Parses 12 hex digits, with an optional ':' after each byte as Piranha's send_arp accepted:
     * "525400123456", "52:54:00:12:34:56". Case does not matter.
     *
     * @throws IllegalArgumentException "Invalid hardware address: ..." (Piranha's wording first)
     */
    public static MacAddress parse(String text) {
        byte[] bytes = new byte[6];
        int at = 0;
        for (int i = 0; i < 6; i++) {
            int high = at < text.length() ? Character.digit(text.charAt(at), 16) : -1;
            int low = at + 1 < text.length() ? Character.digit(text.charAt(at + 1), 16) : -1;
            if (high < 0 || low < 0) {
                throw invalid(text);
            }
            bytes[i] = (byte) (high << 4 | low);
            at += 2;
            if (i < 5 && at < text.length() && text.charAt(at) == ':') {
                at++;
            }
        }
        if (at != text.length()) {
            throw invalid(text);
        }
        return new MacAddress(bytes);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("Invalid hardware address: '" + text
                + "' (expected 12 hex digits, e.g. 525400123456 or 52:54:00:12:34:56)");
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, 6);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacAddress mac && Arrays.equals(bytes, mac.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** "52:54:00:12:34:56". */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
