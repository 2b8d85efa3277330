package org.piranha.netlink;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.piranha.netlink.libc.Errno;

/** Generic netlink (include/uapi/linux/genetlink.h): the 4-byte header and family resolution. */
public final class GenericNetlink {

    /** Length of struct genlmsghdr: u8 cmd, u8 version, u16 reserved. */
    public static final int HEADER_LENGTH = 4;

    static final int GENL_ID_CTRL = 0x10;
    static final int CTRL_CMD_NEWFAMILY = 1;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;
    static final int CTRL_ATTR_VERSION = 3;
    static final int CTRL_ATTR_HDRSIZE = 4;
    static final int CTRL_ATTR_MAXATTR = 5;
    static final int CTRL_ATTR_MCAST_GROUPS = 7;
    static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
    static final int CTRL_ATTR_MCAST_GRP_ID = 2;

    private GenericNetlink() {}

    /** A request to a generic netlink family: the genl header, then what {@code attributes} writes. */
    public static Request request(int familyId, int command, int version, int flags,
            Consumer<MessageWriter> attributes) {
        return Request.of(familyId, flags, writer -> {
            writer.putU8(command).putU8(version).putU16(0);
            attributes.accept(writer);
        });
    }

    /** The command byte of a received generic netlink message. */
    public static int command(NetlinkMessage message) {
        return Byte.toUnsignedInt(message.payload().get(0));
    }

    /**
     * Asks the controller for a family by name. The kernel tries to load the module that provides
     * it (alias net-pf-16-proto-16-family-NAME) before it answers.
     *
     * @throws NetlinkException with errno ENOENT when no such family exists
     */
    public static GenericFamily resolve(NetlinkChannel channel, String name) throws NetlinkException {
        return channel.query(familyRequest(name), GenericNetlink::parseFamily);
    }

    /** The CTRL_CMD_GETFAMILY request for {@code name}. */
    public static Request familyRequest(String name) {
        return request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0,
                writer -> writer.addString(CTRL_ATTR_FAMILY_NAME, name));
    }

    static GenericFamily parseFamily(NetlinkMessage message) throws NetlinkException {
        if (message.type() != GENL_ID_CTRL || command(message) != CTRL_CMD_NEWFAMILY) {
            throw new NetlinkException("unexpected reply to a family lookup: " + message, Errno.EINVAL, null);
        }
        Attributes attributes = message.attributes(HEADER_LENGTH);
        Map<String, Integer> groups = new HashMap<>();
        if (attributes.has(CTRL_ATTR_MCAST_GROUPS)) {
            for (Attributes.Entry group : attributes.nested(CTRL_ATTR_MCAST_GROUPS).all()) {
                Attributes fields = group.nested();
                if (fields.has(CTRL_ATTR_MCAST_GRP_NAME) && fields.has(CTRL_ATTR_MCAST_GRP_ID)) {
                    groups.put(fields.string(CTRL_ATTR_MCAST_GRP_NAME), fields.u32(CTRL_ATTR_MCAST_GRP_ID));
                }
            }
        }
        return new GenericFamily(
                attributes.string(CTRL_ATTR_FAMILY_NAME),
                attributes.u16(CTRL_ATTR_FAMILY_ID),
                attributes.u32(CTRL_ATTR_VERSION, 0),
                attributes.u32(CTRL_ATTR_HDRSIZE, 0),
                attributes.u32(CTRL_ATTR_MAXATTR, 0),
                Map.copyOf(groups));
    }
}
