package org.piranha.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    private ByteBuffer buffer;
    private int messageStart = -1;
    private int[] nests = new int[8];
    private int depth;

    public MessageWriter() {
        this(1024);
    }

    public MessageWriter(int initialCapacity) {
        bytes = new byte[initialCapacity];
        buffer = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    /** Starts a message; the length is written by {@link #endMessage()}. */
    public MessageWriter beginMessage(int type, int flags, int sequence, int portId) {
        if (messageStart >= 0) {
            throw new IllegalStateException("the previous message was not ended");
        }
        messageStart = buffer.position();
        ensure(Netlink.HEADER_LENGTH);
        buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(sequence).putInt(portId);
        return this;
    }

    public MessageWriter endMessage() {
        if (messageStart < 0 || depth != 0) {
            throw new IllegalStateException("no message, or a nested attribute is still open");
        }
        buffer.putInt(messageStart, buffer.position() - messageStart);
        messageStart = -1;
        return this;
    }

    // --- fixed family headers (genlmsghdr, ifaddrmsg, ...) ---

    public MessageWriter putU8(int value) {
        ensure(1);
        buffer.put((byte) value);
        return this;
    }

    public MessageWriter putU16(int value) {
        ensure(2);
        buffer.putShort((short) value);
        return this;
    }

    public MessageWriter putU32(int value) {
        ensure(4);
        buffer.putInt(value);
        return this;
    }

    /** Raw bytes, e.g. attributes encoded once and repeated in many messages. */
    public MessageWriter putBytes(byte[] value) {
        ensure(value.length);
        buffer.put(value);
        return this;
    }

    // --- attributes ---

    public MessageWriter addU8(int type, int value) {
        header(type, 1);
        buffer.put((byte) value);
        return pad();
    }

    public MessageWriter addU16(int type, int value) {
        header(type, 2);
        buffer.putShort((short) value);
        return pad();
    }

    /** A 16-bit value in network byte order (ports). */
    public MessageWriter addBe16(int type, int value) {
        header(type, 2);
        buffer.put((byte) (value >>> 8)).put((byte) value);
        return pad();
    }

    public MessageWriter addU32(int type, int value) {
        header(type, 4);
        buffer.putInt(value);
        return pad();
    }

    /** A 32-bit value in network byte order (IPv4 masks). */
    public MessageWriter addBe32(int type, int value) {
        header(type, 4);
        buffer.put((byte) (value >>> 24)).put((byte) (value >>> 16)).put((byte) (value >>> 8)).put((byte) value);
        return pad();
    }

    public MessageWriter addU64(int type, long value) {
        header(type, 8);
        buffer.putLong(value);
        return pad();
    }

    public MessageWriter addBytes(int type, byte[] value) {
        header(type, value.length);
        buffer.put(value);
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
        buffer.put(text).put((byte) 0);
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
        nests[depth++] = buffer.position();
        header(type, 0);
        return this;
    }

    public MessageWriter endNested() {
        if (depth == 0) {
            throw new IllegalStateException("no nested attribute is open");
        }
        int start = nests[--depth];
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    // --- the result ---

    /** Bytes written so far. */
    public int length() {
        return buffer.position();
    }

    /** The backing array; valid bytes are [0, {@link #length()}). */
    public byte[] array() {
        return bytes;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, buffer.position());
    }

    /** Forgets everything written, keeping the buffer. */
    public MessageWriter reset() {
        buffer.clear();
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
        buffer.putShort((short) length).putShort((short) type);
    }

    private MessageWriter pad() {
        while ((buffer.position() & 3) != 0) {
            buffer.put((byte) 0);
        }
        return this;
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            int position = buffer.position();
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more));
            buffer = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
            buffer.position(position);
        }
    }
}
