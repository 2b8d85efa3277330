package org.piranha.netlink;

import java.util.Arrays;

/**
 * Requests encoded back to back into one buffer, for {@link NetlinkChannel#send(RequestBatch)}:
 * no object per request, and the bytes go to the kernel as they are, many requests per datagram.
 * Sequence numbers are filled in when the batch is sent.
 *
 * <pre>{@code
 * RequestBatch batch = new RequestBatch();
 * batch.begin(familyId, 0).putU8(command).putU8(version).putU16(0).addU32(ATTR, 7);
 * batch.end();
 * NetlinkException[] outcomes = channel.send(batch);
 * }</pre>
 */
public final class RequestBatch {

    private final MessageWriter writer;
    private int[] starts = new int[256];
    private int count;
    private boolean open;

    public RequestBatch() {
        this(64 * 1024);
    }

    public RequestBatch(int initialBytes) {
        writer = new MessageWriter(initialBytes);
    }

    /** Starts the next request; write its family header and attributes, then call {@link #end()}. */
    public MessageWriter begin(int type, int flags) {
        if (open) {
            throw new IllegalStateException("the previous request was not ended");
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count] = writer.length();
        open = true;
        return writer.beginMessage(type, flags | Netlink.NLM_F_REQUEST, 0, 0);
    }

    public void end() {
        if (!open) {
            throw new IllegalStateException("no request was begun");
        }
        writer.endMessage();
        open = false;
        count++;
    }

    /** Appends a request built the general way. */
    public RequestBatch add(Request request) {
        begin(request.type(), request.flags());
        request.body().accept(writer);
        end();
        return this;
    }

    /** How many requests it holds. */
    public int size() {
        return count;
    }

    /** Forgets every request, keeping the buffer. */
    public void clear() {
        writer.reset();
        count = 0;
        open = false;
    }

    // --- for the channel ---

    /** Where request {@code index} starts; {@code start(size())} is the end of the last one. */
    int start(int index) {
        return index == count ? writer.length() : starts[index];
    }

    byte[] array() {
        return writer.array();
    }

    /**
     * The end (exclusive) of a datagram that starts with request {@code from}: as many requests
     * as fit in {@code maxBytes}, at least one, and none from {@code maxEnd} on.
     */
    int datagramEnd(int from, int maxEnd, int maxBytes) {
        int origin = starts[from];
        int end = from + 1;
        while (end < maxEnd && start(end + 1) - origin <= maxBytes) {
            end++;
        }
        return end;
    }

    /**
     * Numbers requests [from, to) {@code firstSequence + index} and asks for an ACK of the last
     * one only: the kernel answers the others only if they fail, so that ACK (or error) closes
     * the datagram.
     */
    void number(int from, int to, int firstSequence) {
        if (open) {
            throw new IllegalStateException("the last request was not ended");
        }
        byte[] bytes = writer.array();
        for (int i = from; i < to; i++) {
            int at = starts[i];
            NativeBytes.put32(bytes, at + 8, firstSequence + i);
            int flags = NativeBytes.u16(bytes, at + 6) & ~Netlink.NLM_F_ACK;
            NativeBytes.put16(bytes, at + 6, i == to - 1 ? flags | Netlink.NLM_F_ACK : flags);
        }
    }
}
