package org.piranha.netlink;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes netlink messages, back to back, into one growable buffer: the 16-byte header, a fixed
 * family header ({@code putU8}...), then attributes ({@code add...}), nested ones between
 * {@link #beginNested} and {@link #endNested}. Lengths and padding are filled in as each part
 * ends. Integers are in host byte order unless the method name says "Be" (network order).
 */
public final class MessageWriter {

    private byte[] bytes;
    private int position;
    private int messageStart = -1;
    private int[] nests = new int[8];
    private int depth;

    public MessageWriter() {
        this(1024);
    }

    public MessageWriter(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    /** Starts a message; the length is written by {@link #endMessage()}. */
    public MessageWriter beginMessage(int type, int flags, int sequence, int portId) {
        if (messageStart >= 0) {
            throw new IllegalStateException("the previous message was not ended");
        }
        ensure(Netlink.HEADER_LENGTH);
        messageStart = position;
        NativeBytes.put32(bytes, position, 0);
        NativeBytes.put16(bytes, position + 4, type);
        NativeBytes.put16(bytes, position + 6, flags);
        NativeBytes.put32(bytes, position + 8, sequence);
        NativeBytes.put32(bytes, position + 12, portId);
        position += Netlink.HEADER_LENGTH;
        return this;
    }

    public MessageWriter endMessage() {
        if (messageStart < 0 || depth != 0) {
            throw new IllegalStateException("no message, or a nested attribute is still open");
        }
        NativeBytes.put32(bytes, messageStart, position - messageStart);
        messageStart = -1;
        return this;
    }

    // --- fixed family headers (genlmsghdr, ifaddrmsg, ...) ---

    public MessageWriter putU8(int value) {
        ensure(1);
        bytes[position++] = (byte) value;
        return this;
    }

    public MessageWriter putU16(int value) {
        ensure(2);
        NativeBytes.put16(bytes, position, value);
        position += 2;
        return this;
    }

    public MessageWriter putU32(int value) {
        ensure(4);
        NativeBytes.put32(bytes, position, value);
        position += 4;
        return this;
    }

    /** Raw bytes, e.g. attributes encoded once and repeated in many messages. */
    public MessageWriter putBytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, position, value.length);
        position += value.length;
        return this;
    }

    // --- attributes ---

    public MessageWriter addU8(int type, int value) {
        header(type, 1);
        bytes[position++] = (byte) value;
        return pad();
    }

    public MessageWriter addU16(int type, int value) {
        header(type, 2);
        NativeBytes.put16(bytes, position, value);
        position += 2;
        return pad();
    }

    /** A 16-bit value in network byte order (ports). */
    public MessageWriter addBe16(int type, int value) {
        header(type, 2);
        bytes[position] = (byte) (value >>> 8);
        bytes[position + 1] = (byte) value;
        position += 2;
        return pad();
    }

    public MessageWriter addU32(int type, int value) {
        header(type, 4);
        NativeBytes.put32(bytes, position, value);
        position += 4;
        return pad();
    }

    /** A 32-bit value in network byte order (IPv4 masks). */
    public MessageWriter addBe32(int type, int value) {
        header(type, 4);
        bytes[position] = (byte) (value >>> 24);
        bytes[position + 1] = (byte) (value >>> 16);
        bytes[position + 2] = (byte) (value >>> 8);
        bytes[position + 3] = (byte) value;
        position += 4;
        return pad();
    }

    public MessageWriter addU64(int type, long value) {
        header(type, 8);
        NativeBytes.put64(bytes, position, value);
        position += 8;
        return pad();
    }

    public MessageWriter addBytes(int type, byte[] value) {
        header(type, value.length);
        System.arraycopy(value, 0, bytes, position, value.length);
        position += value.length;
        return pad();
    }

    /** The address bytes in network order, 4 or 16 of them. */
    public MessageWriter addAddress(int type, InetAddress address) {
        return addBytes(type, address.getAddress());
    }

    /** A NUL-terminated string. */
    public MessageWriter addString(int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        header(type, text.length + 1);
        System.arraycopy(text, 0, bytes, position, text.length);
        position += text.length;
        bytes[position++] = 0;
        return pad();
    }

    /** An attribute with no payload (a flag). */
    public MessageWriter addFlag(int type) {
        header(type, 0);
        return this;
    }

    /** Opens a nested attribute; its length is fixed by the matching {@link #endNested()}. */
    public MessageWriter beginNested(int type) {
        if (depth == nests.length) {
            nests = Arrays.copyOf(nests, depth * 2);
        }
        nests[depth++] = position;
        header(type, 0);
        return this;
    }

    public MessageWriter endNested() {
        if (depth == 0) {
            throw new IllegalStateException("no nested attribute is open");
        }
        int start = nests[--depth];
        NativeBytes.put16(bytes, start, position - start);
        return this;
    }

    // --- the result ---

    /** Bytes written so far. */
    public int length() {
        return position;
    }

    /** The backing array; valid bytes are [0, {@link #length()}). */
    public byte[] array() {
        return bytes;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, position);
    }

    /** Forgets everything written, keeping the buffer. */
    public MessageWriter reset() {
        position = 0;
        messageStart = -1;
        depth = 0;
        return this;
    }

    private void header(int type, int payloadLength) {
        if (messageStart < 0) {
            throw new IllegalStateException("attributes belong inside a message");
        }
        int length = Netlink.NLA_HEADER_LENGTH + payloadLength;
        ensure(Netlink.align(length));
        NativeBytes.put16(bytes, position, length);
        NativeBytes.put16(bytes, position + 2, type);
        position += Netlink.NLA_HEADER_LENGTH;
    }

    private MessageWriter pad() {
        while ((position & 3) != 0) {
            bytes[position++] = 0;
        }
        return this;
    }

    private void ensure(int more) {
        if (bytes.length - position < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more));
        }
    }
}
