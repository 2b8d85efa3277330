package org.piranha.netlink.rtnl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.piranha.netlink.Hex;
import org.piranha.netlink.MessageWriter;
import org.piranha.netlink.Netlink;
import org.piranha.netlink.NetlinkMessage;
import org.piranha.netlink.Request;

/** rtnetlink messages against bytes written by hand from rtnetlink.h / if_addr.h / if_link.h. */
class RtnlCodecTest {

    private static byte[] encode(Request request) {
        MessageWriter writer = new MessageWriter();
        request.writeTo(writer, Netlink.NLM_F_ACK, 1, 0);
        return writer.toByteArray();
    }

    @Test
    void addingALabelledIpv4AddressSendsLocalAddressBroadcastAndLabel() throws Exception {
        IfAddress address = IfAddress.builder(3, InetAddress.getByName("10.6.1.214"), 24)
                .broadcast(InetAddress.getByName("10.6.1.255")).label("eth0:1").build();
        byte[] bytes = encode(Request.of(RtnlCodec.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                writer -> RtnlCodec.writeNewAddress(writer, address)));
        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(Hex.message(20, 0x605, 1, 0,
                Hex.bytes("02 18 00 00"), Hex.u32(3),
                Hex.attr(2, Hex.bytes("0a0601d6")),
                Hex.attr(1, Hex.bytes("0a0601d6")),
                Hex.attr(4, Hex.bytes("0a0601ff")),
                Hex.attr(3, "eth0:1\0".getBytes()))));
    }

    @Test
    void addingAnIpv6AddressAsksForNoDad() throws Exception {
        IfAddress address = IfAddress.builder(2, InetAddress.getByName("2001:db8::5"), 64).build();
        byte[] bytes = encode(Request.of(RtnlCodec.RTM_NEWADDR, 0, writer -> RtnlCodec.writeNewAddress(writer, address)));
        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(Hex.message(20, 5, 1, 0,
                Hex.bytes("0a 40 02 00"), Hex.u32(2),
                Hex.attr(2, Hex.bytes("20010db8000000000000000000000005")),
                Hex.attr(1, Hex.bytes("20010db8000000000000000000000005")),
                Hex.attr(8, Hex.u32(2)))));
    }

    @Test
    void parsesAnAddressNotificationWithItsLabel() throws Exception {
        byte[] message = Hex.message(20, 0, 0, 0, Hex.bytes("02 18 81 00"), Hex.u32(3),
                Hex.attr(1, Hex.bytes("0a0601d6")), Hex.attr(2, Hex.bytes("0a0601d6")),
                Hex.attr(4, Hex.bytes("0a0601ff")), Hex.attr(3, "eth0:1\0".getBytes()),
                Hex.attr(8, Hex.u32(0x81)));
        IfAddress address = RtnlCodec.parseAddress(NetlinkMessage.parseAll(Hex.buffer(message)).get(0));
        assertThat(address).isEqualTo(new IfAddress(3, InetAddress.getByName("10.6.1.214"), 24,
                InetAddress.getByName("10.6.1.255"), "eth0:1", 0x81, 0));
    }

    @Test
    void parsesALinkWithCarrierAndMac() throws Exception {
        byte[] message = Hex.message(16, 0, 0, 0, Hex.bytes("00 00 0100"), Hex.u32(4), Hex.u32(0x11043), Hex.u32(0),
                Hex.attr(3, "veth0\0".getBytes()), Hex.attr(4, Hex.u32(1500)),
                Hex.attr(16, Hex.bytes("06")), Hex.attr(1, Hex.bytes("02000a000001")));
        Link link = RtnlCodec.parseLink(NetlinkMessage.parseAll(Hex.buffer(message)).get(0));
        assertThat(link).isEqualTo(new Link(4, "veth0", 0x11043, OperState.UP, "02:00:0a:00:00:01", 1500));
        assertThat(link.isUp()).isTrue();
        assertThat(link.hasCarrier()).isTrue();
    }
}
