package org.piranha.pulse;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * How heartbeats look on the wire: Piranha's four bytes ({@link PlainHeartbeats}, the default)
 * or those four bytes with an authentication trailer ({@code heartbeat_auth = hmac-sha256}).
 * Called on the event loop only.
 */
interface HeartbeatFormat {

    /** The datagram that carries {@code heartbeat} on {@code path} ("public" or "private"). */
    byte[] encode(Heartbeat heartbeat, String path);

    /**
     * What a datagram from the partner's address on {@code path} means: a {@link Inbound.Beat}
     * or an {@link Inbound.Rejected}. Reads {@code datagram} without consuming it.
     */
    Inbound decode(InetAddress source, String path, ByteBuffer datagram);
}
