package org.piranha.netlink.ipvs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.NetlinkMessage;
import org.piranha.netlink.GenericNetlink;

/**
 * Jazzer: any bytes as a netlink datagram from the kernel, split into messages and each decoded as
 * every IPVS reply (service, destination, sync daemon, timeouts, info), and as an error with its
 * extended ack. The only failures allowed are the library's own: NetlinkException for a malformed
 * datagram and IllegalArgumentException for a reply that lacks an attribute or holds a value
 * IPVS does not define. A destination is also read by the matched dump (DestinationMatcher),
 * which must give what the decoder gives, or fail as it does. Without JAZZER_FUZZ this runs
 * NetlinkReplyFuzzTestInputs.
 */
class NetlinkReplyFuzzTest {

    /** Far longer than any input takes, even the first, which loads and instruments classes. */
    private static final int HANG_SECONDS = 30;

    /** One input's run, on a thread of its own, so that a hang fails (JUnit's @Timeout bounds the whole run). */
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz input");
        t.setDaemon(true);
        return t;
    });

    @FuzzTest(maxDuration = "10s")
    void anyDatagramFailsOnlyWithTheLibrarysErrors(byte[] data) throws Exception {
        try {
            RUNNER.submit(() -> decode(data)).get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a datagram of " + data.length + " bytes took over " + HANG_SECONDS + " s");
        }
    }

    private static Void decode(byte[] data) {
        List<NetlinkMessage> messages;
        try {
            messages = NetlinkMessage.parseAll(ByteBuffer.wrap(data));
        } catch (NetlinkException e) {
            return null;
        }
        for (NetlinkMessage message : messages) {
            message.toString();
            if (message.payload().remaining() >= 4) {
                message.errorCode();
                message.extendedAckMessage();
            }
            if (message.payload().remaining() < GenericNetlink.HEADER_LENGTH) {
                continue;
            }
            allowingBadReplies(() -> IpvsCodec.parseService(message));
            allowingBadReplies(() -> IpvsCodec.parseServiceConfig(message));
            allowingBadReplies(() -> IpvsCodec.parseDestination(message, IpFamily.IPV4));
            allowingBadReplies(() -> IpvsCodec.parseDestination(message, IpFamily.IPV6));
            allowingBadReplies(() -> IpvsCodec.parseDestinationConfig(message, IpFamily.IPV4));
            matchesAsDecoded(message);
            allowingBadReplies(() -> IpvsCodec.parseDaemon(message));
            allowingBadReplies(() -> IpvsCodec.parseTimeouts(message));
            allowingBadReplies(() -> IpvsCodec.parseInfo(message));
        }
        return null;
    }

    /** Wanted real servers as the seed inputs' dumps hold them, and one beside them. */
    private static final List<Destination> WANTED = List.of(
            Destination.builder(address(10, 0, 0, 1), 80).forwarding(Forwarding.MASQ).weight(5).build(),
            Destination.builder(address(10, 0, 0, 2), 80).build());

    private static java.net.InetAddress address(int a, int b, int c, int d) {
        try {
            return java.net.InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void matchesAsDecoded(NetlinkMessage message) {
        Destination decoded;
        try {
            decoded = IpvsCodec.parseDestinationConfig(message, IpFamily.IPV4);
        } catch (IllegalArgumentException e) {
            decoded = null;
        }
        DestinationMatcher matcher = new DestinationMatcher(IpFamily.IPV4, WANTED);
        try {
            matcher.parse(message);
        } catch (IllegalArgumentException e) {
            if (decoded != null) {
                throw new AssertionError("the matched dump failed where the decoder gave " + decoded, e);
            }
            return;
        }
        if (decoded == null) {
            throw new AssertionError("the matched dump gave " + matcher.result().configs() + " where the decoder failed");
        }
        if (!matcher.result().configs().equals(List.of(decoded))) {
            throw new AssertionError("the matched dump gave " + matcher.result().configs() + ", the decoder " + decoded);
        }
    }

    private static void allowingBadReplies(Runnable decoding) {
        try {
            decoding.run();
        } catch (IllegalArgumentException e) {
            // the library's word for a reply it cannot use
        }
    }
}
