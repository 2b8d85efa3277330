package org.piranha.nanny;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram (the send string, or else a single zero byte: the JDK does not send empty
 * datagrams) on a connected UDP socket and reads what comes back until the matcher decides. An
 * ICMP port unreachable (ECONNREFUSED) is a failure.
 *
 * <ul>
 *   <li>with expect: the replies, accumulated, must match it;</li>
 *   <li>with a send string and no expect: any reply means up, silence until the deadline down;</li>
 *   <li>with neither: only an ICMP error means down (silence is all a UDP service owes a stray
 *       byte), which is the UDP counterpart of a bare TCP connect.</li>
 * </ul>
 * Piranha needed both send and expect here (without expect it dereferenced a null string).
 */
final class UdpCheck implements Check {

    private final InetSocketAddress address;
    private final String target;
    private final byte[] send;
    private final ReplyMatcher matcher;
    private final boolean silenceIsFailure;

    UdpCheck(NannyConfig config, ReplyMatcher matcher) {
        this.address = new InetSocketAddress(Addresses.literal(config.server()), config.port());
        this.target = config.target();
        this.send = config.send() == null ? new byte[1]
                : config.send().getBytes(StandardCharsets.UTF_8);
        this.silenceIsFailure = matcher != null || config.send() != null;
        this.matcher = matcher != null ? matcher : new ReplyMatcher.AnyReply();
    }

    /**
     * At the deadline, a reply that the pacer held back ({@code unseen}) still counts if it
     * matches; one the matcher has seen whole is not searched again, so as not to overrun.
     */
    private Verdict timedOut(byte[] reply, int length, boolean unseen) {
        if (unseen && length > 0
                && matcher.decide(reply, length, false) == ReplyMatcher.Decision.MATCH) {
            return Verdict.AVAILABLE;
        }
        if (!silenceIsFailure) {
            return Verdict.AVAILABLE;
        }
        return Verdict.failed("READ to " + target + " timed out"
                + (length == 0 ? "" : "; " + matcher.why(target, reply, length)));
    }

    @Override
    public Verdict run(long deadline) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(address);
            socket.send(new DatagramPacket(send, send.length));
            byte[] reply = new byte[ReplyMatcher.MAX_REPLY];
            int length = 0;
            byte[] datagram = new byte[65_536];
            MatchPacer pacer = new MatchPacer(matcher);
            boolean unseen = false; // datagrams the matcher has not looked at yet
            while (true) {
                DatagramPacket packet = new DatagramPacket(datagram, datagram.length);
                boolean received = false;
                try {
                    long wake = unseen ? Math.min(deadline, pacer.dueBy()) : deadline;
                    socket.setSoTimeout(Check.millisLeft(wake));
                    socket.receive(packet);
                    received = true;
                } catch (SocketTimeoutException e) {
                    if (Check.expired(deadline)) {
                        return timedOut(reply, length, unseen);
                    }
                    // the pacer's pause is over: look at what came
                }
                if (received) {
                    int n = Math.min(packet.getLength(), reply.length - length);
                    System.arraycopy(datagram, 0, reply, length, n);
                    length += n;
                }
                boolean ended = length == reply.length;
                long now = System.nanoTime();
                if (!ended && !pacer.due(length, now)) {
                    unseen = true;
                    continue;
                }
                unseen = false;
                ReplyMatcher.Decision decision = matcher.decide(reply, length, ended);
                pacer.lookedAt(length, now, System.nanoTime());
                switch (decision) {
                    case MATCH:
                        return Verdict.AVAILABLE;
                    case MISMATCH:
                        return Verdict.failed(matcher.why(target, reply, length));
                    default:
                        if (Check.expired(deadline)) {
                            return timedOut(reply, length, false);
                        }
                }
            }
        } catch (PortUnreachableException e) {
            return Verdict.failed("UDP port " + target + " is closed (ICMP port unreachable):"
                    + " is the service running on the real server?");
        } catch (IOException e) {
            return Verdict.failed("UDP check of " + target + " failed: " + e.getMessage());
        }
    }
}
