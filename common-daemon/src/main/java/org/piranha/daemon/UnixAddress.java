package org.piranha.daemon;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.piranha.netlink.libc.LibC;

/**
 * An AF_UNIX socket address: a filesystem path ("/run/systemd/notify") or, written with a
 * leading '@' as systemd does, a name in the abstract namespace ("@piranha-test").
 */
public final class UnixAddress {

    private static final int SUN_PATH_SIZE = 108;

    private final String text;
    private final byte[] sockaddr;

    private UnixAddress(String text, byte[] sockaddr) {
        this.text = text;
        this.sockaddr = sockaddr;
    }

    /** @throws IllegalArgumentException for an empty or too long address */
    public static UnixAddress of(String text) {
        boolean isAbstract = text.startsWith("@");
        byte[] name = (isAbstract ? text.substring(1) : text).getBytes(StandardCharsets.UTF_8);
        // A path needs room for its terminating NUL; an abstract name has a leading NUL instead.
        if (text.isEmpty() || name.length + 1 > SUN_PATH_SIZE) {
            throw new IllegalArgumentException("not a usable AF_UNIX socket address: '" + text + "'");
        }
        // struct sockaddr_un: sa_family_t sun_family; char sun_path[108]. The length passed to the
        // kernel covers exactly the name: with its NUL for a path, without a trailing one when abstract.
        ByteBuffer address = ByteBuffer.allocate(2 + 1 + name.length).order(ByteOrder.nativeOrder());
        address.putShort((short) LibC.AF_UNIX);
        if (isAbstract) {
            address.put((byte) 0).put(name);
        } else {
            address.put(name).put((byte) 0);
        }
        return new UnixAddress(text, address.array());
    }

    byte[] sockaddr() {
        return sockaddr;
    }

    @Override
    public String toString() {
        return text;
    }
}
