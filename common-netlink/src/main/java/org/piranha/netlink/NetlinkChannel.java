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

    /** Requests per datagram are capped by bytes: the kernel refuses sends above its sndbuf. */
    private static final int BATCH_DATAGRAM_BYTES = 64 * 1024;

    private final NetlinkSocket socket;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final MessageWriter writer = new MessageWriter(BATCH_DATAGRAM_BYTES + 4096);
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
                    if (message.sequence() != seq || message.portId() != socket.portId()) {
                        continue; // a late reply to an earlier request that timed out
                    }
                    switch (message.type()) {
                        case Netlink.NLMSG_ERROR: {
                            int errno = message.errorCode();
                            if (errno != 0) {
                                throw NetlinkException.fromKernel(errno, message.extendedAckMessage());
                            }
                            return results;
                        }
                        case Netlink.NLMSG_DONE: {
                            int errno = message.errorCode();
                            if (errno != 0) {
                                throw NetlinkException.fromKernel(errno, message.extendedAckMessage());
                            }
                            return results;
                        }
                        case Netlink.NLMSG_NOOP:
                        case Netlink.NLMSG_OVERRUN:
                            continue;
                        default: {
                            T value = parser.parse(message);
                            if (value != null) {
                                results.add(value);
                            }
                        }
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends many requests with few system calls: they are packed into datagrams of up to 64 KiB
     * without asking for ACKs, each datagram closed by a NOOP that asks for one. The kernel
     * handles the messages of a datagram in order, goes on after a failure, and answers only the
     * failures and the closing NOOP; each failure carries its request's sequence number.
     *
     * @return for each request in order, null if it succeeded or the kernel's error
     * @throws NetlinkException when the exchange itself failed, e.g. replies were lost (ENOBUFS):
     *         which requests took effect is then unknown
     */
    public NetlinkException[] batch(List<Request> requests) throws NetlinkException {
        NetlinkException[] outcomes = new NetlinkException[requests.size()];
        lock.lock();
        try {
            int next = 0;
            while (next < requests.size()) {
                writer.reset();
                if (sequence > 0x7fff0000) {
                    sequence = 0; // keep the chunk's numbers contiguous: failures are found by offset
                }
                int first = next;
                int firstSeq = sequence + 1;
                while (next < requests.size() && (next == first || writer.length() < BATCH_DATAGRAM_BYTES)) {
                    requests.get(next).writeTo(writer, 0, nextSequence(), 0);
                    next++;
                }
                int barrier = nextSequence();
                writer.beginMessage(Netlink.NLMSG_NOOP, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, barrier, 0)
                        .endMessage();
                socket.send(writer.array(), writer.length());
                collectBatch(outcomes, first, next, firstSeq, barrier);
            }
            return outcomes;
        } finally {
            lock.unlock();
        }
    }

    private void collectBatch(NetlinkException[] outcomes, int first, int end, int firstSeq, int barrier)
            throws NetlinkException {
        while (true) {
            for (NetlinkMessage message : NetlinkMessage.parseAll(receive())) {
                if (message.portId() != socket.portId()) {
                    continue;
                }
                int seq = message.sequence();
                if (seq == barrier && message.type() == Netlink.NLMSG_ERROR) {
                    return;
                }
                int index = first + (seq - firstSeq);
                if (message.type() == Netlink.NLMSG_ERROR && index >= first && index < end) {
                    int errno = message.errorCode();
                    if (errno != 0) {
                        outcomes[index] = NetlinkException.fromKernel(errno, message.extendedAckMessage());
                    }
                }
            }
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
