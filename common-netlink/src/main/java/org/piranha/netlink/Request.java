package org.piranha.netlink;

import java.util.function.Consumer;

/**
 * A request to send: message type, extra flags (REQUEST is always added) and a body that writes
 * the family header and attributes. The channel supplies sequence number and port id.
 */
public record Request(int type, int flags, Consumer<MessageWriter> body) {

    public static Request of(int type, int flags, Consumer<MessageWriter> body) {
        return new Request(type, flags, body);
    }

    /** Appends this request as one message to {@code writer}. */
    public void writeTo(MessageWriter writer, int extraFlags, int sequence, int portId) {
        writer.beginMessage(type, flags | extraFlags | Netlink.NLM_F_REQUEST, sequence, portId);
        body.accept(writer);
        writer.endMessage();
    }
}
