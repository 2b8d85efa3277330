package org.piranha.netlink;

import java.util.ArrayDeque;

/**
 * The kernel's answers to a batch sent as several datagrams, matched to its requests by sequence
 * number: request {@code i} carries {@code firstSequence + i}. Only failures are answered, plus
 * the ACK that closes each datagram (its last request asked for one), so a datagram is done when
 * the answer to its last request has come, whether ACK or error; the kernel handles datagrams in
 * order. Anything else (another request's late answer, data) is ignored.
 */
final class BatchReplies {

    private final int firstSequence;
    private final NetlinkException[] outcomes;
    /** The end (exclusive request index) of each datagram sent and not yet closed, in order. */
    private final ArrayDeque<Integer> open = new ArrayDeque<>();
    private int closed;

    /** @param outcomes filled in as failures arrive: null for success, else the kernel's error */
    BatchReplies(int firstSequence, NetlinkException[] outcomes) {
        this.firstSequence = firstSequence;
        this.outcomes = outcomes;
    }

    /** A datagram holding requests up to {@code end} (exclusive) was sent. */
    void sent(int end) {
        open.addLast(end);
    }

    /** Requests before this index are answered for good. */
    int closed() {
        return closed;
    }

    /** Datagrams sent whose closing ACK has not come yet. */
    boolean waiting() {
        return !open.isEmpty();
    }

    /** Takes one received message; returns true if it was an answer to this batch. */
    boolean accept(NetlinkMessage message, int portId) {
        if (message.type() != Netlink.NLMSG_ERROR || message.portId() != portId) {
            return false;
        }
        int index = message.sequence() - firstSequence;
        if (index < 0 || index >= outcomes.length) {
            return false;
        }
        int errno = message.errorCode();
        if (errno != 0) {
            outcomes[index] = NetlinkException.fromKernel(errno, message.extendedAckMessage());
        }
        while (!open.isEmpty() && open.peekFirst() <= index + 1) {
            closed = open.removeFirst();
        }
        return true;
    }
}
