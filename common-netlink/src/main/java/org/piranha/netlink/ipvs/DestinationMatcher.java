package org.piranha.netlink.ipvs;

import java.util.ArrayList;
import java.util.List;
import org.piranha.netlink.GenericNetlink;
import org.piranha.netlink.IpFamily;
import org.piranha.netlink.MessageParser;
import org.piranha.netlink.NativeBytes;
import org.piranha.netlink.Netlink;
import org.piranha.netlink.NetlinkMessage;

/**
 * Reads a real-server dump against the wanted real servers, message by message, without
 * decoding the ones that match. A cold lvsd runs this interpreted, for each of ten thousand real
 * servers (bench/ipvs): decoding each into attribute indexes, an InetAddress and a Destination,
 * then hashing them into a map to compare, was most of its first reconcile. Here a message's DEST
 * nest is walked once by shifts, its address and port are looked up among the wanted ones (the
 * one after the last match first: a dump lists them in a steady order) and its fields are
 * compared with the wanted one's as integers. Anything unusual (a missing or short attribute, an
 * unknown family, no wanted real server there, a field that differs) goes to the ordinary
 * decoder, {@link IpvsCodec#parseDestinationConfig}, so the result is exactly what decoding
 * every message would have given, with the same errors.
 */
final class DestinationMatcher implements MessageParser<Destination> {

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int FORWARDING_MASK = 0x7;

    private final IpFamily serviceFamily;
    private final List<Destination> wanted;
    private final Destination[] found;
    private final byte[][] addresses;
    private final List<Destination> configs = new ArrayList<>();
    private final List<Destination> unwanted = new ArrayList<>();
    /** Open addressing: endpoint hash slot -> wanted index + 1; built at the first miss of {@link #last}. */
    private int[] slots;
    private int last = -1;
    /** Wanted real servers found configured as wanted. */
    private int asWanted;

    DestinationMatcher(IpFamily serviceFamily, List<Destination> wanted) {
        this.serviceFamily = serviceFamily;
        this.wanted = wanted;
        this.found = new Destination[wanted.size()];
        this.addresses = new byte[wanted.size()][];
    }

    DestinationMatch result() {
        return new DestinationMatch(wanted, found, configs, unwanted, asWanted == wanted.size());
    }

    @Override
    public Destination parse(NetlinkMessage message) {
        Destination destination = match(message);
        configs.add(destination);
        return null; // collected here, in dump order
    }

    private Destination match(NetlinkMessage message) {
        byte[] b = message.array();
        int end = message.payloadOffset() + message.payloadLength();
        int nest = -1;
        int nestEnd = 0;
        for (int p = message.payloadOffset() + GenericNetlink.HEADER_LENGTH; end - p >= Netlink.NLA_HEADER_LENGTH; ) {
            int length = NativeBytes.u16(b, p);
            if (length < Netlink.NLA_HEADER_LENGTH || length > end - p) {
                break;
            }
            if ((NativeBytes.u16(b, p + 2) & Netlink.NLA_TYPE_MASK) == IpvsCodec.ATTR_DEST) {
                nest = p + Netlink.NLA_HEADER_LENGTH;
                nestEnd = p + length;
            }
            p += Netlink.align(length);
        }
        if (nest < 0) {
            return decoded(message);
        }
        // payload position of each attribute a configuration has, or -1; a repeated one: the last
        int address = -1;
        int port = -1;
        int forwarding = -1;
        int weight = -1;
        int upper = -1;
        int lower = -1;
        int family = -1;
        int tunnelType = -1;
        int tunnelPort = -1;
        int tunnelFlags = -1;
        int p = nest;
        while (nestEnd - p >= Netlink.NLA_HEADER_LENGTH) {
            int length = NativeBytes.u16(b, p);
            if (length < Netlink.NLA_HEADER_LENGTH || length > nestEnd - p) {
                break;
            }
            int at = p + Netlink.NLA_HEADER_LENGTH;
            int size = length - Netlink.NLA_HEADER_LENGTH;
            // a value too short for its type makes the decoder fail: leave it to the decoder
            switch (NativeBytes.u16(b, p + 2) & Netlink.NLA_TYPE_MASK) {
                case IpvsCodec.DEST_ADDR -> address = size >= 16 ? at : -2;
                case IpvsCodec.DEST_PORT -> port = size >= 2 ? at : -2;
                case IpvsCodec.DEST_FWD_METHOD -> forwarding = size >= 4 ? at : -2;
                case IpvsCodec.DEST_WEIGHT -> weight = size >= 4 ? at : -2;
                case IpvsCodec.DEST_U_THRESH -> upper = size >= 4 ? at : -2;
                case IpvsCodec.DEST_L_THRESH -> lower = size >= 4 ? at : -2;
                case IpvsCodec.DEST_ADDR_FAMILY -> family = size >= 2 ? at : -2;
                case IpvsCodec.DEST_TUN_TYPE -> tunnelType = size >= 1 ? at : -2;
                case IpvsCodec.DEST_TUN_PORT -> tunnelPort = size >= 2 ? at : -2;
                case IpvsCodec.DEST_TUN_FLAGS -> tunnelFlags = size >= 2 ? at : -2;
                default -> { }
            }
            p += Netlink.align(length);
        }
        if (address < 0 || port < 0 || forwarding < 0 || weight < 0 || upper < 0 || lower < 0 || family == -2
                || tunnelType == -2 || tunnelPort == -2 || tunnelFlags == -2) {
            return decoded(message);
        }
        int familyNumber = family >= 0 ? NativeBytes.u16(b, family) : serviceFamily.number();
        int addressLength;
        if (familyNumber == AF_INET) {
            addressLength = 4;
        } else if (familyNumber == AF_INET6) {
            addressLength = 16;
        } else {
            return decoded(message);
        }
        int portValue = NativeBytes.be16(b, port);
        int index = indexOf(b, address, addressLength, portValue);
        if (index < 0) {
            return decoded(message);
        }
        Destination w = wanted.get(index);
        int method = NativeBytes.i32(b, forwarding) & FORWARDING_MASK;
        boolean same = method == w.forwarding().code() && NativeBytes.i32(b, weight) == w.weight()
                && NativeBytes.i32(b, upper) == w.upperThreshold() && NativeBytes.i32(b, lower) == w.lowerThreshold();
        if (same && w.forwarding() == Forwarding.TUNNEL) {
            same = (tunnelType >= 0 ? b[tunnelType] & 0xff : 0) == w.tunnelType().code()
                    && (tunnelPort >= 0 ? NativeBytes.be16(b, tunnelPort) : 0) == w.tunnelPort()
                    && (tunnelFlags >= 0 ? NativeBytes.u16(b, tunnelFlags) : 0) == w.tunnelFlags();
        }
        if (same) {
            found(index, w);
            return w;
        }
        return decoded(message);
    }

    /** The ordinary decoding, for every message the fast path does not vouch for. */
    private Destination decoded(NetlinkMessage message) {
        Destination destination = IpvsCodec.parseDestinationConfig(message, serviceFamily);
        byte[] raw = destination.address().getAddress();
        int index = indexOf(raw, 0, raw.length, destination.port());
        if (index < 0) {
            unwanted.add(destination);
        } else {
            found(index, destination);
        }
        return destination;
    }

    private void found(int index, Destination destination) {
        if (found[index] == null && destination.equals(wanted.get(index))) {
            asWanted++;
        }
        found[index] = destination;
        last = index;
    }

    /** The wanted real server at this address ({@code length} bytes at b[at]) and port, or -1. */
    private int indexOf(byte[] b, int at, int length, int port) {
        int n = wanted.size();
        int next = last + 1;
        if (next < n && isAt(next, b, at, length, port)) {
            return next;
        }
        int previous = last - 1;
        if (previous >= 0 && isAt(previous, b, at, length, port)) {
            return previous;
        }
        if (n == 0) {
            return -1;
        }
        if (slots == null) {
            slots = index();
        }
        int mask = slots.length - 1;
        for (int slot = hash(b, at, length, port) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            if (isAt(slots[slot] - 1, b, at, length, port)) {
                return slots[slot] - 1;
            }
        }
        return -1;
    }

    private int[] index() {
        int n = wanted.size();
        int capacity = Integer.highestOneBit(Math.max(4, n * 2) - 1) << 1;
        int[] table = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < n; i++) {
            byte[] raw = address(i);
            int slot = hash(raw, 0, raw.length, wanted.get(i).port()) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        return table;
    }

    private static int hash(byte[] b, int at, int length, int port) {
        int h = port;
        for (int i = 0; i < length; i++) {
            h = 31 * h + b[at + i];
        }
        return h ^ (h >>> 16);
    }

    private boolean isAt(int index, byte[] b, int at, int length, int port) {
        if (wanted.get(index).port() != port) {
            return false;
        }
        byte[] raw = address(index);
        if (raw.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (raw[i] != b[at + i]) {
                return false;
            }
        }
        return true;
    }

    private byte[] address(int index) {
        byte[] raw = addresses[index];
        if (raw == null) {
            raw = wanted.get(index).address().getAddress();
            addresses[index] = raw;
        }
        return raw;
    }
}
