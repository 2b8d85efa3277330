package org.piranha.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Answers to a batch matched to their requests by sequence number: pure logic. */
class BatchRepliesTest {

    static final int PORT = 4321;

    static NetlinkMessage error(int sequence, int errno, String text) throws Exception {
        byte[] request = Hex.bytes("24000000 1c00 0100 00000000 00000000");
        byte[] tlvs = text == null ? new byte[0] : Hex.attr(Netlink.NLMSGERR_ATTR_MSG, (text + "\0").getBytes());
        int flags = Netlink.NLM_F_CAPPED | (text == null ? 0 : Netlink.NLM_F_ACK_TLVS);
        return NetlinkMessage.parseAll(Hex.buffer(Hex.message(Netlink.NLMSG_ERROR, flags, sequence, PORT,
                Hex.u32(-errno), request, tlvs))).get(0);
    }

    static NetlinkMessage ack(int sequence) throws Exception {
        return error(sequence, 0, null);
    }

    @Test
    void eachErrorGoesToTheRequestWithItsSequenceNumber() throws Exception {
        NetlinkException[] outcomes = new NetlinkException[6];
        BatchReplies replies = new BatchReplies(1000, outcomes);
        replies.sent(3);
        replies.sent(6);
        assertThat(replies.accept(error(1001, 17, "Destination already exists"), PORT)).isTrue();
        assertThat(replies.accept(ack(1002), PORT)).isTrue();
        assertThat(replies.closed()).isEqualTo(3);
        assertThat(replies.waiting()).isTrue();
        assertThat(replies.accept(error(1004, 3, null), PORT)).isTrue();
        assertThat(replies.closed()).isEqualTo(3);
        assertThat(replies.accept(ack(1005), PORT)).isTrue();
        assertThat(replies.waiting()).isFalse();
        assertThat(replies.closed()).isEqualTo(6);

        assertThat(outcomes[0]).isNull();
        assertThat(outcomes[1].errno()).isEqualTo(17);
        assertThat(outcomes[1].kernelMessage()).isEqualTo("Destination already exists");
        assertThat(outcomes[2]).isNull();
        assertThat(outcomes[3]).isNull();
        assertThat(outcomes[4].errno()).isEqualTo(3);
        assertThat(outcomes[5]).isNull();
    }

    @Test
    void aFailingLastRequestClosesItsDatagramToo() throws Exception {
        NetlinkException[] outcomes = new NetlinkException[2];
        BatchReplies replies = new BatchReplies(7, outcomes);
        replies.sent(2);
        replies.accept(error(8, 22, "Invalid"), PORT);
        assertThat(replies.waiting()).isFalse();
        assertThat(outcomes[1].errno()).isEqualTo(22);
    }

    @Test
    void answersToOthersAreIgnored() throws Exception {
        NetlinkException[] outcomes = new NetlinkException[2];
        BatchReplies replies = new BatchReplies(50, outcomes);
        replies.sent(2);
        assertThat(replies.accept(error(49, 2, null), PORT)).isFalse(); // an earlier request's late answer
        assertThat(replies.accept(error(52, 2, null), PORT)).isFalse();
        assertThat(replies.accept(error(51, 2, null), PORT + 1)).isFalse(); // another socket's
        NetlinkMessage data = NetlinkMessage.parseAll(Hex.buffer(Hex.message(0x1c, 0, 51, PORT,
                Hex.bytes("01010000")))).get(0);
        assertThat(replies.accept(data, PORT)).isFalse();
        assertThat(replies.waiting()).isTrue();
        assertThat(outcomes).containsOnlyNulls();
    }
}
