package org.piranha.pulse;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.piranha.daemon.Severity;
import org.piranha.lvscf.Addresses;

/**
 * What a datagram on a heartbeat socket means, checked in Piranha's order: a source that is not
 * one of the partner's addresses is dropped (logged with -v only), then a length other than
 * four is a "bad heartbeat packet", then an unknown magic number an "Incompatible heartbeat".
 * Only a {@link Beat} reaches the state machine; nothing else changes anything.
 */
sealed interface Inbound {

    record Beat(Heartbeat heartbeat) implements Inbound {}

    record Dropped(Severity severity, String line) implements Inbound {}

    static Inbound classify(HeartbeatPaths paths, InetAddress source, ByteBuffer datagram) {
        if (!paths.fromPartner(source)) {
            return new Dropped(Severity.DEBUG, "Unexpected heartbeat from " + Addresses.format(source));
        }
        HeartbeatCodec.Decoded decoded = HeartbeatCodec.decode(datagram);
        if (decoded instanceof HeartbeatCodec.Decoded.Beat beat) {
            return new Beat(beat.heartbeat());
        }
        if (decoded instanceof HeartbeatCodec.Decoded.BadLength) {
            return new Dropped(Severity.WARNING, "bad heartbeat packet");
        }
        return new Dropped(Severity.WARNING, "Incompatible heartbeat received -- other system not using identical services");
    }
}
