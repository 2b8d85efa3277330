package org.piranha.nanny;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Connects to the real server over TCP; optionally sends a string and reads the reply until the
 * matcher decides. The whole check (connect, send, read) must finish within the interval, so
 * checks can start every interval, whatever the server does: one that never completes the
 * handshake, never answers, sends a byte a second or an endless reply. At most
 * {@link ReplyMatcher#MAX_REPLY} bytes of the reply are read.
 */
final class TcpCheck implements Check {

    private final InetSocketAddress address;
    private final String target;
    private final byte[] send;
    private final ReplyMatcher matcher;

    TcpCheck(NannyConfig config, ReplyMatcher matcher) {
        this.address = new InetSocketAddress(Addresses.literal(config.server()), config.port());
        this.target = config.target();
        this.send = config.send() == null ? null : config.send().getBytes(StandardCharsets.UTF_8);
        this.matcher = matcher;
    }

    @Override
    public Verdict run(long deadline) {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(address, Check.millisLeft(deadline));
            } catch (SocketTimeoutException e) {
                return Verdict.failed("CONNECT to " + target + " timed out");
            } catch (ConnectException e) {
                return Verdict.failed("CONNECT to " + target + " failed: " + e.getMessage()
                        + " (is the service running on the real server?)");
            }
            if (send != null) {
                try {
                    socket.getOutputStream().write(send);
                } catch (IOException e) {
                    return Verdict.failed("WRITE operation for " + target + " returned error: "
                            + e.getMessage());
                }
            }
            return matcher == null ? Verdict.AVAILABLE : read(socket, deadline);
        } catch (IOException e) {
            return Verdict.failed("CONNECT to " + target + " failed: " + e.getMessage());
        }
    }

    private Verdict read(Socket socket, long deadline) throws IOException {
        byte[] reply = new byte[ReplyMatcher.MAX_REPLY];
        int length = 0;
        InputStream in = socket.getInputStream();
        MatchPacer pacer = new MatchPacer(matcher);
        boolean unseen = false; // bytes arrived that the matcher has not looked at yet
        while (true) {
            int n = 0;
            try {
                long wake = unseen ? Math.min(deadline, pacer.dueBy()) : deadline;
                socket.setSoTimeout(Check.millisLeft(wake));
                n = in.read(reply, length, reply.length - length);
            } catch (SocketTimeoutException e) {
                if (Check.expired(deadline)) {
                    return timedOut(reply, length, unseen);
                }
                // the pacer's pause is over: look at what came
            } catch (IOException e) {
                return Verdict.failed("READ returned error from " + target + ": "
                        + e.getMessage());
            }
            if (n > 0) {
                length += n;
            }
            boolean ended = n < 0 || length == reply.length;
            if (n < 0 && length == 0) {
                return Verdict.failed("READ from " + target + " returned nothing: the server"
                        + " closed the connection without a reply");
            }
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
    }

    /**
     * At the deadline, a reply that the pacer held back ({@code unseen}) still counts if it
     * matches; one the matcher has seen whole is not searched again, so as not to overrun.
     */
    private Verdict timedOut(byte[] reply, int length, boolean unseen) {
        if (length == 0) {
            return Verdict.failed("READ to " + target + " timed out");
        }
        if (unseen && matcher.decide(reply, length, false) == ReplyMatcher.Decision.MATCH) {
            return Verdict.AVAILABLE;
        }
        return Verdict.failed("READ to " + target + " timed out; " + matcher.why(target, reply,
                length));
    }
}
