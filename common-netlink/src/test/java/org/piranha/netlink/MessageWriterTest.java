package org.piranha.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MessageWriterTest {

    @BeforeAll
    static void littleEndianHost() {
        assertThat(ByteOrder.nativeOrder()).as("golden bytes are written for a little-endian host")
                .isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void padsAttributesToFourBytesButCountsOnlyThePayloadInTheirLength() {
        MessageWriter writer = new MessageWriter(8);
        writer.beginMessage(0x10, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, 7, 0)
                .putU8(3).putU8(1).putU16(0)
                .addString(2, "IPVS")
                .endMessage();
        assertThat(Hex.of(writer.toByteArray())).isEqualTo(Hex.of(Hex.bytes(
                "20000000 1000 0500 07000000 00000000",
                "03010000",
                "0900 0200 49505653 00 000000")));
    }

    @Test
    void nestsCoverTheirChildrenIncludingPadding() {
        MessageWriter writer = new MessageWriter();
        writer.beginMessage(20, 0, 1, 0)
                .beginNested(1)
                .addU8(2, 0xab)
                .beginNested(3).addBe16(4, 8080).endNested()
                .endNested()
                .endMessage();
        assertThat(Hex.of(writer.toByteArray())).isEqualTo(Hex.of(Hex.concat(
                Hex.bytes("28000000 1400 0000 01000000 00000000"),
                Hex.attr(1, Hex.attr(2, Hex.bytes("ab")), Hex.attr(3, Hex.attr(4, Hex.bytes("1f90")))))));
    }

    @Test
    void writesSeveralMessagesBackToBack() {
        MessageWriter writer = new MessageWriter();
        writer.beginMessage(1, 0, 1, 0).addU32(1, 5).endMessage();
        writer.beginMessage(1, 0, 2, 0).addU64(2, 1L << 40).endMessage();
        assertThat(Hex.of(writer.toByteArray())).isEqualTo(Hex.of(Hex.concat(
                Hex.message(1, 0, 1, 0, Hex.attr(1, Hex.u32(5))),
                Hex.message(1, 0, 2, 0, Hex.attr(2, Hex.u64(1L << 40))))));
    }

    @Test
    void refusesUnbalancedNests() {
        MessageWriter writer = new MessageWriter();
        writer.beginMessage(1, 0, 1, 0).beginNested(1);
        assertThatThrownBy(writer::endMessage).isInstanceOf(IllegalStateException.class);
    }
}
