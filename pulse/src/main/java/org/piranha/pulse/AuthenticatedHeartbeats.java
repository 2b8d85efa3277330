package org.piranha.pulse;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.piranha.daemon.Severity;
import org.piranha.lvscf.Addresses;

/**
 * {@code heartbeat_auth = hmac-sha256}: Piranha's four bytes followed by a trailer, 52 bytes in
 * all (pulse(8) documents the layout):
 * <pre>
 *  0  4  magic number, in the sender's byte order (as Piranha)
 *  4  8  start: when the sender's pulse started, nanoseconds since the epoch, big-endian
 * 12  8  sequence: 1 for the first datagram of that start on this path, then +1, big-endian
 * 20 32  HMAC-SHA256 over bytes 0-19, then one byte for the sender's role (0 primary, 1 backup)
 *        and one for the path (0 public, 1 private), which are not sent
 * </pre>
 * (start, sequence) is a counter that only grows, across restarts too: a receiver takes a
 * datagram only if its counter is above the last one it took on that path, so a copy of an
 * earlier heartbeat changes nothing, and a new start is the restart marker that lets the
 * sequence begin again. Role and path in the MAC stop a heartbeat from being reflected back
 * to its sender or moved to the other path. The first key of the file signs; every key is
 * tried on receipt (a rotation).
 */
final class AuthenticatedHeartbeats implements HeartbeatFormat {

    static final int MAC_LENGTH = 32;
    static final int SIGNED = HeartbeatCodec.LENGTH + 8 + 8;
    static final int LENGTH = SIGNED + MAC_LENGTH;

    private record Counter(long start, long sequence) {
        boolean isAfter(Counter other) {
            return start != other.start ? start > other.start : sequence > other.sequence;
        }
    }

    private final byte ownRole;
    private final byte partnerRole;
    private final long start;
    private List<Mac> macs;
    private final Map<String, Long> sent = new HashMap<>();
    private final Map<String, Counter> heard = new HashMap<>();

    /**
     * @param keys  the keys of heartbeat_key_file, the one to sign with first
     * @param start this pulse's start, nanoseconds since the epoch
     */
    AuthenticatedHeartbeats(Role own, List<byte[]> keys, long start) {
        this.ownRole = roleByte(own);
        this.partnerRole = (byte) (1 - ownRole);
        this.start = start;
        rekey(keys);
    }

    /** New keys (a reload), keeping the counters. */
    void rekey(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no heartbeat key");
        }
        List<Mac> next = new ArrayList<>();
        for (byte[] key : keys) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                next.add(mac);
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("the JDK has no usable HmacSHA256", e);
            }
        }
        macs = next;
    }

    @Override
    public byte[] encode(Heartbeat heartbeat, String path) {
        long sequence = sent.merge(path, 1L, Long::sum);
        ByteBuffer datagram = ByteBuffer.allocate(LENGTH);
        datagram.order(HeartbeatCodec.WIRE_ORDER).putInt(heartbeat.magic());
        datagram.order(ByteOrder.BIG_ENDIAN).putLong(start).putLong(sequence);
        datagram.put(mac(macs.get(0), datagram.array(), ownRole, path));
        return datagram.array();
    }

    @Override
    public Inbound decode(InetAddress source, String path, ByteBuffer datagram) {
        String from = Addresses.format(source);
        if (datagram.remaining() != LENGTH) {
            if (datagram.remaining() == HeartbeatCodec.LENGTH
                    && HeartbeatCodec.decode(datagram) instanceof HeartbeatCodec.Decoded.Beat) {
                return new Inbound.Rejected("unauthenticated", Severity.WARNING, "heartbeat from " + from
                        + " is not authenticated: set heartbeat_auth = hmac-sha256 and the same heartbeat_key_file"
                        + " on both routers");
            }
            return new Inbound.Rejected("bad-length", Severity.WARNING, "bad heartbeat packet");
        }
        byte[] bytes = new byte[LENGTH];
        datagram.duplicate().get(bytes);
        if (!authentic(bytes, path)) {
            return new Inbound.Rejected("failed-auth", Severity.WARNING, "heartbeat from " + from
                    + " failed authentication: check heartbeat_key_file on both routers");
        }
        ByteBuffer fields = ByteBuffer.wrap(bytes);
        int magic = fields.order(HeartbeatCodec.WIRE_ORDER).getInt();
        Counter counter = new Counter(fields.order(ByteOrder.BIG_ENDIAN).getLong(), fields.getLong());
        Counter last = heard.get(path);
        if (last != null && !counter.isAfter(last)) {
            return new Inbound.Rejected("replay", Severity.WARNING, "heartbeat from " + from + " dropped: its counter"
                    + " is not above the last one taken (a copy of an earlier heartbeat, or the clock of " + from
                    + " went back before its pulse restarted)");
        }
        var beat = Heartbeat.ofMagic(magic);
        if (beat.isEmpty()) {
            return new Inbound.Rejected("incompatible", Severity.WARNING,
                    "Incompatible heartbeat received -- other system not using identical services");
        }
        heard.put(path, counter);
        return new Inbound.Beat(beat.get());
    }

    private boolean authentic(byte[] datagram, String path) {
        boolean any = false;
        for (Mac mac : macs) {
            byte[] expected = mac(mac, datagram, partnerRole, path);
            // constant time, and every key tried, so the timing says nothing about the key
            any |= MessageDigest.isEqual(expected, java.util.Arrays.copyOfRange(datagram, SIGNED, LENGTH));
        }
        return any;
    }

    private static byte[] mac(Mac mac, byte[] datagram, byte role, String path) {
        mac.update(datagram, 0, SIGNED);
        mac.update(role);
        mac.update((byte) (path.equals("public") ? 0 : 1));
        return mac.doFinal();
    }

    private static byte roleByte(Role role) {
        return (byte) (role == Role.MASTER ? 0 : 1);
    }
}
