package org.piranha.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received message: its header fields and a view of its payload. The view points into the
 * socket's receive buffer, so it is valid only while the message is being handled.
 */
public final class NetlinkMessage {

    private final int type;
    private final int flags;
    private final int sequence;
    private final int portId;
    private final ByteBuffer payload;

    private NetlinkMessage(int type, int flags, int sequence, int portId, ByteBuffer payload) {
        this.type = type;
        this.flags = flags;
        this.sequence = sequence;
        this.portId = portId;
        this.payload = payload;
    }

    /** Splits a datagram into its messages. */
    public static List<NetlinkMessage> parseAll(ByteBuffer datagram) throws NetlinkException {
        ByteBuffer data = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>(4);
        int position = data.position();
        int end = data.limit();
        while (end - position >= Netlink.HEADER_LENGTH) {
            int length = data.getInt(position);
            if (length < Netlink.HEADER_LENGTH || length > end - position) {
                throw new NetlinkException("malformed netlink message: length " + length + " with "
                        + (end - position) + " bytes left", 0, null);
            }
            ByteBuffer payload = data.duplicate().order(ByteOrder.nativeOrder());
            payload.limit(position + length).position(position + Netlink.HEADER_LENGTH);
            messages.add(new NetlinkMessage(
                    Short.toUnsignedInt(data.getShort(position + 4)),
                    Short.toUnsignedInt(data.getShort(position + 6)),
                    data.getInt(position + 8),
                    data.getInt(position + 12),
                    payload.slice().order(ByteOrder.nativeOrder())));
            position += Netlink.align(length);
        }
        return messages;
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
        return payload.duplicate().order(ByteOrder.nativeOrder());
    }

    /** The attributes that follow a fixed family header of {@code headerLength} bytes. */
    public Attributes attributes(int headerLength) {
        return Attributes.parse(payload, Math.min(headerLength, payload.limit()), payload.limit());
    }

    /** For NLMSG_ERROR: 0 for an ACK, otherwise the positive errno. */
    public int errorCode() {
        return payload.limit() >= 4 ? -payload.getInt(0) : 0;
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
            if (!hasFlag(Netlink.NLM_F_CAPPED) && payload.limit() >= offset) {
                int requestLength = payload.getInt(4);
                if (requestLength < Netlink.HEADER_LENGTH || requestLength > payload.limit() - 4) {
                    return null; // not a copy of our request: no text to find after it
                }
                offset = 4 + Netlink.align(requestLength);
            }
        }
        if (offset > payload.limit()) {
            return null;
        }
        Attributes tlvs = Attributes.parse(payload, offset, payload.limit());
        return tlvs.has(Netlink.NLMSGERR_ATTR_MSG) ? tlvs.string(Netlink.NLMSGERR_ATTR_MSG) : null;
    }

    @Override
    public String toString() {
        return "NetlinkMessage{type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + sequence
                + ", length=" + (payload.limit() + Netlink.HEADER_LENGTH) + "}";
    }
}
