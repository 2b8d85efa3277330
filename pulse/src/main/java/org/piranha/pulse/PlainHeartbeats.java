package org.piranha.pulse;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.piranha.daemon.Severity;

/** Piranha's heartbeat as it is: four bytes, no authentication (heartbeat_auth = none). */
final class PlainHeartbeats implements HeartbeatFormat {

    @Override
    public byte[] encode(Heartbeat heartbeat, String path) {
        return HeartbeatCodec.encode(heartbeat);
    }

    @Override
    public Inbound decode(InetAddress source, String path, ByteBuffer datagram) {
        HeartbeatCodec.Decoded decoded = HeartbeatCodec.decode(datagram);
        if (decoded instanceof HeartbeatCodec.Decoded.Beat beat) {
            return new Inbound.Beat(beat.heartbeat());
        }
        if (decoded instanceof HeartbeatCodec.Decoded.BadLength) {
            return new Inbound.Rejected("bad-length", Severity.WARNING, "bad heartbeat packet");
        }
        return new Inbound.Rejected("incompatible", Severity.WARNING,
                "Incompatible heartbeat received -- other system not using identical services");
    }
}
