package org.piranha.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The attributes of one message or nest, indexed by type (flag bits masked off). When a type
 * repeats, the last one wins for the typed getters; {@link #all()} keeps every one. Unknown types
 * are simply never asked for, which is how new kernels stay compatible.
 */
public final class Attributes {

    private static final int[] NONE = new int[0];
    private static final int INITIAL_TYPES = 16;

    /** The bytes, read by shifts (see NativeBytes); position p of the parsed buffer is bytes[base + p]. */
    private final byte[] bytes;
    private final int base;
    private final int start;
    private final int end;
    /** offsets[type] = position of the attribute header + 1, or 0 when absent. */
    private int[] offsets = NONE;

    private Attributes(byte[] bytes, int base, int start, int end) {
        this.bytes = bytes;
        this.base = base;
        this.start = start;
        this.end = end;
    }

    /** Parses the attributes in {@code buffer} between the absolute positions start and end. */
    public static Attributes parse(ByteBuffer buffer, int start, int end) {
        Attributes attributes;
        if (buffer.hasArray()) {
            attributes = new Attributes(buffer.array(), buffer.arrayOffset(), start, end);
        } else {
            byte[] copy = new byte[Math.max(0, end - start)];
            buffer.get(start, copy);
            attributes = new Attributes(copy, -start, start, end);
        }
        attributes.index();
        return attributes;
    }

    /** The attributes between positions start and end of an array whose position p is bytes[base + p]. */
    static Attributes of(byte[] bytes, int base, int start, int end) {
        Attributes attributes = new Attributes(bytes, base, start, end);
        attributes.index();
        return attributes;
    }

    private void index() {
        int position = start;
        while (end - position >= Netlink.NLA_HEADER_LENGTH) {
            int length = NativeBytes.u16(bytes, base + position);
            if (length < Netlink.NLA_HEADER_LENGTH || length > end - position) {
                break; // a truncated tail: keep what was well-formed
            }
            int type = NativeBytes.u16(bytes, base + position + 2) & Netlink.NLA_TYPE_MASK;
            if (type >= offsets.length) {
                // room for the usual families' types at once: growing 2, 4, 8, 16 cost a cold
                // reconcile four copies per nest, ten thousand nests
                offsets = Arrays.copyOf(offsets, Math.max(type + 1, Math.max(INITIAL_TYPES, offsets.length * 2)));
            }
            offsets[type] = position + 1;
            position += Netlink.align(length);
        }
    }

    public boolean has(int type) {
        return type < offsets.length && offsets[type] != 0;
    }

    /** Payload length of an attribute that must be present. */
    public int length(int type) {
        return NativeBytes.u16(bytes, base + at(type)) - Netlink.NLA_HEADER_LENGTH;
    }

    public int u8(int type) {
        return bytes[base + payload(type, 1)] & 0xff;
    }

    public int u16(int type) {
        return NativeBytes.u16(bytes, base + payload(type, 2));
    }

    /** A 16-bit value in network byte order (ports). */
    public int be16(int type) {
        return NativeBytes.be16(bytes, base + payload(type, 2));
    }

    public int u32(int type) {
        return NativeBytes.i32(bytes, base + payload(type, 4));
    }

    /** A 32-bit value in network byte order (IPv4 masks). */
    public int be32(int type) {
        int p = base + payload(type, 4);
        return (bytes[p] & 0xff) << 24 | (bytes[p + 1] & 0xff) << 16 | (bytes[p + 2] & 0xff) << 8 | (bytes[p + 3] & 0xff);
    }

    public long u64(int type) {
        return NativeBytes.i64(bytes, base + payload(type, 8));
    }

    /** A u32 or a u64, whichever size the attribute has (stats mix both). */
    public long unsigned(int type) {
        return length(type) >= 8 ? u64(type) : Integer.toUnsignedLong(u32(type));
    }

    public int u8(int type, int absent) {
        return has(type) ? u8(type) : absent;
    }

    public int u16(int type, int absent) {
        return has(type) ? u16(type) : absent;
    }

    public int u32(int type, int absent) {
        return has(type) ? u32(type) : absent;
    }

    public byte[] bytes(int type) {
        int p = base + payload(type, 0);
        return Arrays.copyOfRange(bytes, p, p + length(type));
    }

    /** The first {@code length} bytes of the attribute as an address (IPVS sends 16 for IPv4 too). */
    public InetAddress address(int type, int length) {
        int p = base + payload(type, length);
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, p, p + length));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("attribute " + type + " is not an address", e);
        }
    }

    /** A string, up to its first NUL. */
    public String string(int type) {
        int p = base + payload(type, 0);
        int length = length(type);
        int n = 0;
        while (n < length && bytes[p + n] != 0) {
            n++;
        }
        return new String(bytes, p, n, StandardCharsets.UTF_8);
    }

    public String string(int type, String absent) {
        return has(type) ? string(type) : absent;
    }

    public Attributes nested(int type) {
        int p = payload(type, 0);
        Attributes nested = new Attributes(bytes, base, p, p + length(type));
        nested.index();
        return nested;
    }

    /** Every attribute in order, repeats included: for lists whose entries are numbered by type. */
    public List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        int position = start;
        while (end - position >= Netlink.NLA_HEADER_LENGTH) {
            int length = NativeBytes.u16(bytes, base + position);
            if (length < Netlink.NLA_HEADER_LENGTH || length > end - position) {
                break;
            }
            int type = NativeBytes.u16(bytes, base + position + 2) & Netlink.NLA_TYPE_MASK;
            Attributes nested = new Attributes(bytes, base, position + Netlink.NLA_HEADER_LENGTH, position + length);
            nested.index();
            entries.add(new Entry(type, nested));
            position += Netlink.align(length);
        }
        return entries;
    }

    /** One attribute of {@link #all()}, its payload parsed as a nest. */
    public record Entry(int type, Attributes nested) {}

    private int at(int type) {
        if (!has(type)) {
            throw new IllegalArgumentException("attribute " + type + " is missing");
        }
        return offsets[type] - 1;
    }

    private int payload(int type, int minimumLength) {
        int header = at(type);
        int length = NativeBytes.u16(bytes, base + header) - Netlink.NLA_HEADER_LENGTH;
        if (length < minimumLength) {
            throw new IllegalArgumentException("attribute " + type + " has " + length + " bytes, expected "
                    + minimumLength);
        }
        return header + Netlink.NLA_HEADER_LENGTH;
    }
}
