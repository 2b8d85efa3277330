package org.piranha.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received message: its header fields and a view of its payload. The view points into the
 * socket's receive buffer, so it is valid only while the message is being handled. Header and
 * payload are read from the datagram's array by shifts (see NativeBytes): a reconcile splits
 * ten thousand messages, and a cold JVM ran the ByteBuffer views per message interpreted.
 */
public final class NetlinkMessage {

    private final int type;
    private final int flags;
    private final int sequence;
    private final int portId;
    /** The payload is bytes[base] to bytes[base + length - 1]. */
    private final byte[] bytes;
    private final int base;
    private final int length;

    private NetlinkMessage(int type, int flags, int sequence, int portId, byte[] bytes, int base, int length) {
        this.type = type;
        this.flags = flags;
        this.sequence = sequence;
        this.portId = portId;
        this.bytes = bytes;
        this.base = base;
        this.length = length;
    }

    /** Splits a datagram (its bytes from position to limit) into its messages. */
    public static List<NetlinkMessage> parseAll(ByteBuffer datagram) throws NetlinkException {
        byte[] bytes;
        int offset; // datagram position p is bytes[offset + p]
        if (datagram.hasArray()) {
            bytes = datagram.array();
            offset = datagram.arrayOffset();
        } else {
            bytes = new byte[datagram.remaining()];
            datagram.get(datagram.position(), bytes);
            offset = -datagram.position();
        }
        List<NetlinkMessage> messages = new ArrayList<>(4);
        int position = datagram.position();
        int end = datagram.limit();
        while (end - position >= Netlink.HEADER_LENGTH) {
            NetlinkMessage message = read(bytes, offset + position, end - position);
            messages.add(message);
            position += Netlink.align(message.length + Netlink.HEADER_LENGTH);
        }
        return messages;
    }

    /**
     * The message at bytes[at], {@code remaining} bytes before the datagram's end. A method of
     * its own, called per message, so that a cold JVM compiles it early (see NetlinkChannel's
     * {@code ends}): each datagram of a dump holds some thirty messages.
     */
    private static NetlinkMessage read(byte[] bytes, int at, int remaining) throws NetlinkException {
        int length = NativeBytes.i32(bytes, at);
        if (length < Netlink.HEADER_LENGTH || length > remaining) {
            throw new NetlinkException("malformed netlink message: length " + length + " with " + remaining
                    + " bytes left", 0, null);
        }
        return new NetlinkMessage(NativeBytes.u16(bytes, at + 4), NativeBytes.u16(bytes, at + 6),
                NativeBytes.i32(bytes, at + 8), NativeBytes.i32(bytes, at + 12), bytes, at + Netlink.HEADER_LENGTH,
                length - Netlink.HEADER_LENGTH);
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) == flag;
    }

    public int sequence() {
        return sequence;
    }

    public int portId() {
        return portId;
    }

    /** The payload after the 16-byte header: position 0, native byte order. */
    public ByteBuffer payload() {
        return ByteBuffer.wrap(bytes, base, length).slice().order(ByteOrder.nativeOrder());
    }

    /**
     * The array holding the payload, for parsers that walk it by hand (with {@link NativeBytes})
     * instead of through {@link #attributes}: the payload is {@code payloadLength()} bytes from
     * {@code array()[payloadOffset()]}. Valid only while the message is being handled.
     */
    public byte[] array() {
        return bytes;
    }

    public int payloadOffset() {
        return base;
    }

    public int payloadLength() {
        return length;
    }

    /** The attributes that follow a fixed family header of {@code headerLength} bytes. */
    public Attributes attributes(int headerLength) {
        return Attributes.of(bytes, base, Math.min(headerLength, length), length);
    }

    /** For NLMSG_ERROR: 0 for an ACK, otherwise the positive errno. */
    public int errorCode() {
        return length >= 4 ? -NativeBytes.i32(bytes, base) : 0;
    }

    /** For NLMSG_ERROR and NLMSG_DONE: the kernel's extended-ACK message, or null. */
    public String extendedAckMessage() {
        if (!hasFlag(Netlink.NLM_F_ACK_TLVS)) {
            return null;
        }
        int offset;
        if (type == Netlink.NLMSG_DONE) {
            offset = 4;
        } else {
            // struct nlmsgerr: int error, then the request's header, then (unless capped) its payload
            offset = 4 + Netlink.HEADER_LENGTH;
            if (!hasFlag(Netlink.NLM_F_CAPPED) && length >= offset) {
                int requestLength = NativeBytes.i32(bytes, base + 4);
                if (requestLength < Netlink.HEADER_LENGTH || requestLength > length - 4) {
                    return null; // not a copy of our request: no text to find after it
                }
                offset = 4 + Netlink.align(requestLength);
            }
        }
        if (offset > length) {
            return null;
        }
        Attributes tlvs = Attributes.of(bytes, base, offset, length);
        return tlvs.has(Netlink.NLMSGERR_ATTR_MSG) ? tlvs.string(Netlink.NLMSGERR_ATTR_MSG) : null;
    }

    @Override
    public String toString() {
        return "NetlinkMessage{type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + sequence
                + ", length=" + (length + Netlink.HEADER_LENGTH) + "}";
    }
}
