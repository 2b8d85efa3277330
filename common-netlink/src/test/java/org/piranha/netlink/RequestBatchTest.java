package org.piranha.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests encoded back to back, numbered and cut into datagrams: pure logic. */
class RequestBatchTest {

    /** Three requests of 20, 28 and 36 bytes. */
    static RequestBatch threeRequests() {
        RequestBatch batch = new RequestBatch(16);
        batch.begin(0x1c, 0).putU8(5).putU8(1).putU16(0);
        batch.end();
        batch.begin(0x1c, Netlink.NLM_F_ACK).putU8(6).putU8(1).putU16(0).addU8(1, 1);
        batch.end();
        batch.add(Request.of(0x1c, 0, w -> w.putU8(7).putU8(1).putU16(0).addU32(1, 2).addU8(2, 3)));
        return batch;
    }

    @Test
    void encodesRequestsBackToBack() throws Exception {
        RequestBatch batch = threeRequests();
        assertThat(batch.size()).isEqualTo(3);
        assertThat(List.of(batch.start(0), batch.start(1), batch.start(2), batch.start(3))).containsExactly(0, 20, 48, 84);
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(ByteBuffer.wrap(batch.array(), 0, batch.start(3)));
        assertThat(messages).extracting(m -> GenericNetlink.command(m)).containsExactly(5, 6, 7);
        assertThat(messages).allMatch(m -> m.hasFlag(Netlink.NLM_F_REQUEST));
    }

    @Test
    void numbersEachRequestAndAsksForAnAckOfTheLastOfADatagramOnly() throws Exception {
        RequestBatch batch = threeRequests();
        batch.number(0, 2, 100);
        batch.number(2, 3, 100);
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(ByteBuffer.wrap(batch.array(), 0, batch.start(3)));
        assertThat(messages).extracting(NetlinkMessage::sequence).containsExactly(100, 101, 102);
        assertThat(messages).extracting(m -> m.hasFlag(Netlink.NLM_F_ACK)).containsExactly(false, true, true);

        batch.number(0, 3, 7); // numbered again (a retry): the earlier ACK flag is gone
        messages = NetlinkMessage.parseAll(ByteBuffer.wrap(batch.array(), 0, batch.start(3)));
        assertThat(messages).extracting(NetlinkMessage::sequence).containsExactly(7, 8, 9);
        assertThat(messages).extracting(m -> m.hasFlag(Netlink.NLM_F_ACK)).containsExactly(false, false, true);
    }

    @Test
    void aDatagramTakesWhatFitsButAlwaysOneRequest() {
        RequestBatch batch = threeRequests();
        assertThat(batch.datagramEnd(0, 3, 1000)).isEqualTo(3);
        assertThat(batch.datagramEnd(0, 3, 48)).isEqualTo(2);
        assertThat(batch.datagramEnd(0, 3, 47)).isEqualTo(1);
        assertThat(batch.datagramEnd(1, 3, 10)).isEqualTo(2);
        assertThat(batch.datagramEnd(0, 1, 1000)).isEqualTo(1);
        assertThat(batch.datagramEnd(1, 3, 64)).isEqualTo(3);
    }

    @Test
    void clearKeepsNothing() {
        RequestBatch batch = threeRequests();
        batch.clear();
        assertThat(batch.size()).isZero();
        assertThat(batch.start(0)).isZero();
    }
}
