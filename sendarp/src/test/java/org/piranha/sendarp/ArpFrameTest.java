package org.piranha.sendarp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ArpFrameTest {

    private static final MacAddress OWN = MacAddress.parse("52:54:00:12:34:56");

    private static Inet4Address vip() throws Exception {
        return (Inet4Address) InetAddress.getByName("10.6.1.100");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void piranhaReplyIsTheRfc2002FormPaddedTo60Bytes() throws Exception {
        byte[] frame = ArpFrame.piranhaReply(vip(), OWN, MacAddress.BROADCAST).encode();

        assertThat(frame).hasSize(60);
        assertThat(hex(frame)).isEqualTo(
                "ffffffffffff" + "525400123456" + "0806"     // Ethernet dst, src, type ARP
                + "0001" + "0800" + "06" + "04" + "0002"     // Ethernet/IPv4, hlen 6, plen 4, reply
                + "525400123456" + "0a060164"                // sender: own MAC, VIP
                + "525400123456" + "0a060164"                // target: own MAC, VIP
                + "00".repeat(18));                          // padding
    }

    @Test
    void piranhaReplyGoesToTheGivenEthernetDestination() throws Exception {
        byte[] frame = ArpFrame.piranhaReply(vip(), OWN, MacAddress.parse("0a0b0c0d0e0f")).encode();

        assertThat(hex(frame)).startsWith("0a0b0c0d0e0f525400123456");
        assertThat(hex(frame).substring(64, 76)).as("target MAC stays the own MAC").isEqualTo("525400123456");
    }

    @Test
    void announcementRequestIsABroadcastRequestWithZeroTargetMac() throws Exception {
        byte[] frame = ArpFrame.announcementRequest(vip(), OWN).encode();

        assertThat(hex(frame)).isEqualTo(
                "ffffffffffff" + "525400123456" + "0806"
                + "0001" + "0800" + "06" + "04" + "0001"     // request
                + "525400123456" + "0a060164"
                + "000000000000" + "0a060164"
                + "00".repeat(18));
    }

    @Test
    void formsBuildTheirFrames() throws Exception {
        assertThat(ArpForm.REQUEST.frame(vip(), OWN)).isEqualTo(ArpFrame.announcementRequest(vip(), OWN));
        assertThat(ArpForm.REPLY.frame(vip(), OWN)).isEqualTo(ArpFrame.piranhaReply(vip(), OWN, MacAddress.BROADCAST));
    }
}
