package org.piranha.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    private final ByteBuffer buffer;
    private final int start;
    private final int end;
    /** offsets[type] = position of the attribute header + 1, or 0 when absent. */
    private int[] offsets = NONE;

    private Attributes(ByteBuffer buffer, int start, int end) {
        this.buffer = buffer;
        this.start = start;
        this.end = end;
    }

    /** Parses the attributes in {@code buffer} between the absolute positions start and end. */
    public static Attributes parse(ByteBuffer buffer, int start, int end) {
        Attributes attributes = new Attributes(buffer.duplicate().order(ByteOrder.nativeOrder()), start, end);
        attributes.index();
        return attributes;
    }

    private void index() {
        int position = start;
        while (end - position >= Netlink.NLA_HEADER_LENGTH) {
            int length = Short.toUnsignedInt(buffer.getShort(position));
            if (length < Netlink.NLA_HEADER_LENGTH || length > end - position) {
                break; // a truncated tail: keep what was well-formed
            }
            int type = Short.toUnsignedInt(buffer.getShort(position + 2)) & Netlink.NLA_TYPE_MASK;
            if (type >= offsets.length) {
                offsets = Arrays.copyOf(offsets, Math.max(type + 1, offsets.length * 2));
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
        return Short.toUnsignedInt(buffer.getShort(at(type))) - Netlink.NLA_HEADER_LENGTH;
    }

    public int u8(int type) {
        return Byte.toUnsignedInt(buffer.get(payload(type, 1)));
    }

    public int u16(int type) {
        return Short.toUnsignedInt(buffer.getShort(payload(type, 2)));
    }

    /** A 16-bit value in network byte order (ports). */
    public int be16(int type) {
        int p = payload(type, 2);
        return (Byte.toUnsignedInt(buffer.get(p)) << 8) | Byte.toUnsignedInt(buffer.get(p + 1));
    }

    public int u32(int type) {
        return buffer.getInt(payload(type, 4));
    }

    /** A 32-bit value in network byte order (IPv4 masks). */
    public int be32(int type) {
        int p = payload(type, 4);
        return (Byte.toUnsignedInt(buffer.get(p)) << 24) | (Byte.toUnsignedInt(buffer.get(p + 1)) << 16)
                | (Byte.toUnsignedInt(buffer.get(p + 2)) << 8) | Byte.toUnsignedInt(buffer.get(p + 3));
    }

    public long u64(int type) {
        return buffer.getLong(payload(type, 8));
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
        byte[] value = new byte[length(type)];
        buffer.get(payload(type, 0), value);
        return value;
    }

    /** The first {@code length} bytes of the attribute as an address (IPVS sends 16 for IPv4 too). */
    public InetAddress address(int type, int length) {
        byte[] value = new byte[length];
        buffer.get(payload(type, length), value);
        try {
            return InetAddress.getByAddress(value);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("attribute " + type + " is not an address", e);
        }
    }

    /** A string, up to its first NUL. */
    public String string(int type) {
        int p = payload(type, 0);
        int length = length(type);
        int n = 0;
        while (n < length && buffer.get(p + n) != 0) {
            n++;
        }
        byte[] text = new byte[n];
        buffer.get(p, text);
        return new String(text, StandardCharsets.UTF_8);
    }

    public String string(int type, String absent) {
        return has(type) ? string(type) : absent;
    }

    public Attributes nested(int type) {
        int p = payload(type, 0);
        Attributes nested = new Attributes(buffer, p, p + length(type)); // our own view: only absolute reads
        nested.index();
        return nested;
    }

    /** Every attribute in order, repeats included: for lists whose entries are numbered by type. */
    public List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        int position = start;
        while (end - position >= Netlink.NLA_HEADER_LENGTH) {
            int length = Short.toUnsignedInt(buffer.getShort(position));
            if (length < Netlink.NLA_HEADER_LENGTH || length > end - position) {
                break;
            }
            int type = Short.toUnsignedInt(buffer.getShort(position + 2)) & Netlink.NLA_TYPE_MASK;
            entries.add(new Entry(type, parse(buffer, position + Netlink.NLA_HEADER_LENGTH, position + length)));
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
        int length = Short.toUnsignedInt(buffer.getShort(header)) - Netlink.NLA_HEADER_LENGTH;
        if (length < minimumLength) {
            throw new IllegalArgumentException("attribute " + type + " has " + length + " bytes, expected "
                    + minimumLength);
        }
        return header + Netlink.NLA_HEADER_LENGTH;
    }
}
