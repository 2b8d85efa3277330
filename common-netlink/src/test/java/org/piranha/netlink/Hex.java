package org.piranha.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Hand-built wire bytes for tests, written from the spec and independent of {@link MessageWriter}:
 * hex strings (spaces ignored) and little-endian helpers (the tests assume an x86/arm64 host).
 */
public final class Hex {

    private Hex() {}

    public static byte[] bytes(String... hex) {
        return HexFormat.of().parseHex(String.join("", hex).replace(" ", ""));
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    public static byte[] u16(int v) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
    }

    public static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    public static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    /** An attribute: u16 length (header + payload), u16 type, payload, zero padding to 4. */
    public static byte[] attr(int type, byte[]... payload) {
        byte[] body = concat(payload);
        byte[] padding = new byte[(4 - body.length % 4) % 4];
        return concat(u16(4 + body.length), u16(type), body, padding);
    }

    /** A message: nlmsghdr (length, type, flags, seq, pid) and body. */
    public static byte[] message(int type, int flags, int seq, int pid, byte[]... body) {
        byte[] payload = concat(body);
        return concat(u32(16 + payload.length), u16(type), u16(flags), u32(seq), u32(pid), payload);
    }

    public static ByteBuffer buffer(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }
}
