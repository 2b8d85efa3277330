package org.piranha.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of replies built by hand from include/uapi/linux/netlink.h. */
class NetlinkMessageTest {

    @Test
    void splitsAMultipartDatagramAndFindsTheEnd() throws Exception {
        byte[] datagram = Hex.concat(
                Hex.message(0x1c, Netlink.NLM_F_MULTI, 9, 1234, Hex.bytes("01010000"), Hex.attr(1, Hex.u32(1))),
                Hex.message(0x1c, Netlink.NLM_F_MULTI, 9, 1234, Hex.bytes("01010000"), Hex.attr(1, Hex.u32(2))),
                Hex.message(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI, 9, 1234, Hex.u32(0)));
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(Hex.buffer(datagram));
        assertThat(messages).extracting(NetlinkMessage::type).containsExactly(0x1c, 0x1c, Netlink.NLMSG_DONE);
        assertThat(messages).allMatch(m -> m.sequence() == 9 && m.portId() == 1234);
        assertThat(messages.get(1).attributes(GenericNetlink.HEADER_LENGTH).u32(1)).isEqualTo(2);
        assertThat(GenericNetlink.command(messages.get(0))).isEqualTo(1);
        assertThat(messages.get(2).errorCode()).isZero();
    }

    @Test
    void readsTheErrnoAndTheExtendedAckTextOfACappedError() throws Exception {
        byte[] request = Hex.bytes("2c000000 1c00 0500 05000000 00000000");
        byte[] error = Hex.message(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED | Netlink.NLM_F_ACK_TLVS, 5, 99,
                Hex.u32(-3), request,
                Hex.attr(Netlink.NLMSGERR_ATTR_MSG, "Service not found\0".getBytes()),
                Hex.attr(Netlink.NLMSGERR_ATTR_OFFS, Hex.u32(24)));
        NetlinkMessage message = NetlinkMessage.parseAll(Hex.buffer(error)).get(0);
        assertThat(message.errorCode()).isEqualTo(3);
        assertThat(message.extendedAckMessage()).isEqualTo("Service not found");
    }

    @Test
    void findsTheTextAfterAnUncappedCopyOfTheRequest() throws Exception {
        byte[] request = Hex.message(0x14, 5, 6, 0, Hex.bytes("0a200000 02000000"), Hex.attr(2, Hex.bytes("0a000001")));
        byte[] error = Hex.message(Netlink.NLMSG_ERROR, Netlink.NLM_F_ACK_TLVS, 6, 1, Hex.u32(-22), request,
                Hex.attr(Netlink.NLMSGERR_ATTR_MSG, "Invalid prefix length\0".getBytes()));
        NetlinkMessage message = NetlinkMessage.parseAll(Hex.buffer(error)).get(0);
        assertThat(message.errorCode()).isEqualTo(22);
        assertThat(message.extendedAckMessage()).isEqualTo("Invalid prefix length");
    }

    @Test
    void anErrorWhoseCopiedRequestLengthIsNonsenseHasNoText() throws Exception {
        // found by NetlinkReplyFuzzTest: a length of -8 made the text be looked for before the
        // message (IndexOutOfBoundsException); one past the end, after it
        for (int requestLength : new int[] {-8, Integer.MIN_VALUE + 1, 3, 1 << 20}) {
            byte[] error = Hex.message(Netlink.NLMSG_ERROR, Netlink.NLM_F_ACK_TLVS, 7, 1, Hex.u32(-22),
                    Hex.u32(requestLength), Hex.bytes("1c00050001000000000000000000"));
            NetlinkMessage message = NetlinkMessage.parseAll(Hex.buffer(error)).get(0);
            assertThat(message.errorCode()).isEqualTo(22);
            assertThat(message.extendedAckMessage()).isNull();
        }
    }

    @Test
    void anAckHasErrorZeroAndNoText() throws Exception {
        byte[] ack = Hex.message(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED, 5, 1, Hex.u32(0),
                Hex.bytes("14000000 1c00 0500 05000000 00000000"));
        NetlinkMessage message = NetlinkMessage.parseAll(Hex.buffer(ack)).get(0);
        assertThat(message.errorCode()).isZero();
        assertThat(message.extendedAckMessage()).isNull();
    }

    @Test
    void attributesMaskFlagBitsSkipUnknownTypesAndReadNests() throws Exception {
        byte[] payload = Hex.concat(
                Hex.attr(1 | Netlink.NLA_F_NESTED, Hex.attr(1, Hex.u16(10)), Hex.attr(7, Hex.bytes("0050"))),
                Hex.attr(200, Hex.bytes("ffffffff")),
                Hex.attr(3, "eth0:1\0".getBytes()),
                Hex.attr(4, Hex.u64(0x1_0000_0001L)),
                Hex.attr(5, Hex.u32(7)));
        Attributes attributes = Attributes.parse(Hex.buffer(payload), 0, payload.length);
        assertThat(attributes.nested(1).u16(1)).isEqualTo(10);
        assertThat(attributes.nested(1).be16(7)).isEqualTo(80);
        assertThat(attributes.string(3)).isEqualTo("eth0:1");
        assertThat(attributes.unsigned(4)).isEqualTo(0x1_0000_0001L);
        assertThat(attributes.unsigned(5)).isEqualTo(7);
        assertThat(attributes.has(2)).isFalse();
        assertThat(attributes.u32(2, -1)).isEqualTo(-1);
        assertThat(attributes.has(200)).isTrue();
    }

    @Test
    void readsTheSameFromADirectBufferAndFromASliceOfALargerArray() throws Exception {
        byte[] payload = Hex.concat(Hex.attr(1 | Netlink.NLA_F_NESTED, Hex.attr(2, Hex.u32(0xfffffff0))),
                Hex.attr(3, Hex.bytes("0a000001")), Hex.attr(4, Hex.u64(-2L)), Hex.attr(5, Hex.u16(0xfffe)));
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(payload.length + 8)
                .order(java.nio.ByteOrder.nativeOrder());
        direct.position(8);
        direct.put(payload);
        byte[] padded = Hex.concat(Hex.bytes("ffffffffffff"), payload);
        java.nio.ByteBuffer slice = java.nio.ByteBuffer.wrap(padded, 6, payload.length).slice()
                .order(java.nio.ByteOrder.nativeOrder());
        for (Attributes attributes : List.of(Attributes.parse(direct, 8, 8 + payload.length),
                Attributes.parse(slice, 0, payload.length))) {
            assertThat(attributes.nested(1).u32(2)).isEqualTo(0xfffffff0);
            assertThat(attributes.address(3, 4).getHostAddress()).isEqualTo("10.0.0.1");
            assertThat(attributes.be32(3)).isEqualTo(0x0a000001);
            assertThat(attributes.u64(4)).isEqualTo(-2L);
            assertThat(attributes.u16(5)).isEqualTo(0xfffe);
            assertThat(attributes.bytes(5)).containsExactly(Hex.u16(0xfffe));
        }
    }

    @Test
    void aTruncatedAttributeTailIsIgnoredNotFatal() {
        byte[] payload = Hex.concat(Hex.attr(1, Hex.u32(1)), Hex.bytes("4000 0200 0000"));
        Attributes attributes = Attributes.parse(Hex.buffer(payload), 0, payload.length);
        assertThat(attributes.u32(1)).isEqualTo(1);
        assertThat(attributes.has(2)).isFalse();
    }
}
