package org.piranha.netlink;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Request/response over one netlink socket: numbers each request, matches replies by sequence
 * number, reads multi-part dumps to their end and turns error ACKs into exceptions carrying the
 * kernel's extended-ACK text. One lock serialises exchanges, so several threads may share it.
 */
public final class NetlinkChannel implements AutoCloseable {

    /** Bytes per batch datagram, at most: larger saves no measurable time. */
    private static final int MAX_DATAGRAM_BYTES = 512 * 1024;
    /**
     * What one error answer can take of the receive buffer (the kernel counts an skb's true size,
     * not its payload): a batch keeps no more requests in flight than this allows for.
     */
    private static final int ERROR_REPLY_BYTES = 2048;

    private final NetlinkSocket socket;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final MessageWriter writer = new MessageWriter(4096);
    private int sequence = (int) (System.nanoTime() & 0x3fffffff);

    private NetlinkChannel(NetlinkSocket socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /** Opens a channel for a netlink protocol in the calling thread's network namespace. */
    public static NetlinkChannel open(int protocol) throws NetlinkException {
        return open(protocol, Duration.ofSeconds(30));
    }

    /** {@code timeout}: how long to wait for the kernel's next reply before giving up. */
    public static NetlinkChannel open(int protocol, Duration timeout) throws NetlinkException {
        NetlinkSocket socket = NetlinkSocket.open(protocol);
        try {
            socket.setReceiveTimeout(timeout);
            return new NetlinkChannel(socket, timeout);
        } catch (NetlinkException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a request that returns nothing but an ACK. */
    public void execute(Request request) throws NetlinkException {
        exchange(request, Netlink.NLM_F_ACK, message -> null);
    }

    /** Sends a request answered by one message (plus the ACK) and parses that message. */
    public <T> T query(Request request, MessageParser<T> parser) throws NetlinkException {
        List<T> replies = exchange(request, Netlink.NLM_F_ACK, parser);
        if (replies.isEmpty()) {
            throw new NetlinkException("the kernel answered with an ACK but no data", 0, null);
        }
        return replies.get(0);
    }

    /** Sends a dump request and parses every message of the multi-part reply; null results are dropped. */
    public <T> List<T> dump(Request request, MessageParser<T> parser) throws NetlinkException {
        return exchange(request, Netlink.NLM_F_DUMP, parser);
    }

    private <T> List<T> exchange(Request request, int flags, MessageParser<T> parser)
            throws NetlinkException {
        lock.lock();
        try {
            int seq = nextSequence();
            writer.reset();
            request.writeTo(writer, flags, seq, 0);
            socket.send(writer.array(), writer.length());
            List<T> results = new ArrayList<>();
            while (true) {
                for (NetlinkMessage message : NetlinkMessage.parseAll(receive())) {
                    if (ends(message, seq, parser, results)) {
                        return results;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes one message of the reply to request {@code seq}: parsed into {@code results}, or the
     * reply's end (true). A method of its own, called per message, so that a cold JVM compiles it
     * after a few hundred messages: the loop over a reply's messages runs once per request, and a
     * JVM compiles a loop body only after tens of thousands of turns, so ten thousand dumped real
     * servers went through it interpreted (bench/ipvs's cold reconcile).
     */
    private <T> boolean ends(NetlinkMessage message, int seq, MessageParser<T> parser, List<T> results)
            throws NetlinkException {
        if (message.sequence() != seq || message.portId() != socket.portId()) {
            return false; // a late reply to an earlier request that timed out
        }
        switch (message.type()) {
            case Netlink.NLMSG_ERROR:
            case Netlink.NLMSG_DONE: {
                int errno = message.errorCode();
                if (errno != 0) {
                    throw NetlinkException.fromKernel(errno, message.extendedAckMessage());
                }
                return true;
            }
            case Netlink.NLMSG_NOOP:
            case Netlink.NLMSG_OVERRUN:
                return false;
            default: {
                T value = parser.parse(message);
                if (value != null) {
                    results.add(value);
                }
                return false;
            }
        }
    }

    /**
     * Sends many requests with few system calls; see {@link #send(RequestBatch)}.
     *
     * @return for each request in order, null if it succeeded or the kernel's error
     */
    public NetlinkException[] batch(List<Request> requests) throws NetlinkException {
        RequestBatch batch = new RequestBatch();
        requests.forEach(batch::add);
        return send(batch);
    }

    /**
     * Sends a batch with few system calls and reads the answers in bulk. Requests are numbered in
     * order and go out back to back, as many per datagram as the kernel accepts; only the last
     * request of a datagram asks for an ACK. The kernel handles the requests of a datagram in
     * order, goes on after a failure and answers only the failures and that ACK, each with its
     * request's sequence number, which is how every error is put against its own request.
     * Datagrams are sent ahead of their answers as long as every request in flight could fail and
     * its error still fit in the socket's receive buffer (so no error is lost), and every
     * queued answer is drained at each read.
     *
     * @return for each request in order, null if it succeeded or the kernel's error
     * @throws NetlinkException when the exchange itself failed, e.g. answers were lost (ENOBUFS):
     *         which requests took effect is then unknown
     */
    public NetlinkException[] send(RequestBatch batch) throws NetlinkException {
        int count = batch.size();
        NetlinkException[] outcomes = new NetlinkException[count];
        if (count == 0) {
            return outcomes;
        }
        lock.lock();
        try {
            if (sequence > Integer.MAX_VALUE - count - 1) {
                sequence = 0; // the batch's numbers must be contiguous: answers are found by offset
            }
            int firstSequence = sequence + 1;
            sequence += count;
            BatchReplies replies = new BatchReplies(firstSequence, outcomes);
            int inFlightLimit = Math.max(1, socket.receiveBufferBytes() / ERROR_REPLY_BYTES);
            int datagramLimit = Math.min(MAX_DATAGRAM_BYTES, socket.maxDatagramBytes());
            int next = 0;
            while (next < count || replies.waiting()) {
                while (next < count && next - replies.closed() < inFlightLimit) {
                    int end = batch.datagramEnd(next, Math.min(count, replies.closed() + inFlightLimit), datagramLimit);
                    batch.number(next, end, firstSequence);
                    int from = batch.start(next);
                    socket.send(batch.array(), from, batch.start(end) - from);
                    replies.sent(end);
                    next = end;
                }
                drain(replies);
            }
            return outcomes;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for one datagram of answers, then takes every one already queued. */
    private void drain(BatchReplies replies) throws NetlinkException {
        ByteBuffer datagram = receive();
        while (datagram != null) {
            for (NetlinkMessage message : NetlinkMessage.parseAll(datagram)) {
                replies.accept(message, socket.portId());
            }
            datagram = socket.receiveNow();
        }
    }

    private ByteBuffer receive() throws NetlinkException {
        ByteBuffer datagram = socket.receive();
        if (datagram == null) {
            throw new NetlinkException("the kernel did not answer within " + timeout.toSeconds() + " s", 0, null);
        }
        return datagram;
    }

    private int nextSequence() {
        sequence = (sequence + 1) & 0x7fffffff;
        if (sequence == 0) {
            sequence = 1;
        }
        return sequence;
    }

    public NetlinkSocket socket() {
        return socket;
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "NetlinkChannel{protocol=" + socket.protocol() + ", port=" + socket.portId() + "}";
    }
}
