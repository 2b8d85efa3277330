package org.piranha.sendarp;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * One Ethernet frame carrying an IPv4-over-Ethernet ARP packet, padded with zeros to the 60-byte
 * Ethernet minimum as Piranha's send_arp did.
 */
public record ArpFrame(
        MacAddress ethernetDestination,
        MacAddress ethernetSource,
        int operation,
        MacAddress senderMac,
        Inet4Address senderIp,
        MacAddress targetMac,
        Inet4Address targetIp) {

    public static final int LENGTH = 60;
    public static final int ETH_P_ARP = 0x0806;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    private static final int ETH_P_IP = 0x0800;
    private static final int HTYPE_ETHERNET = 1;

    /**
     * Piranha's send_arp frame (the RFC 2002 form it sends since 2008): an ARP reply whose sender
     * and target are both {@code address} at {@code mac}, to {@code ethernetDestination}.
     */
    public static ArpFrame piranhaReply(Inet4Address address, MacAddress mac, MacAddress ethernetDestination) {
        return new ArpFrame(ethernetDestination, mac, OP_REPLY, mac, address, mac, address);
    }

    /**
     * An ARP announcement (RFC 5227 section 2.3, and what the Linux kernel sends itself): a
     * broadcast request for {@code address} from {@code address}, target hardware address zero.
     */
    public static ArpFrame announcementRequest(Inet4Address address, MacAddress mac) {
        return new ArpFrame(MacAddress.BROADCAST, mac, OP_REQUEST, mac, address, MacAddress.ZERO, address);
    }

    /** The frame's 60 bytes, Ethernet header first. */
    public byte[] encode() {
        byte[] frame = new byte[LENGTH];
        ByteBuffer out = ByteBuffer.wrap(frame); // big-endian: network order throughout
        ethernetDestination.copyTo(frame, 0);
        ethernetSource.copyTo(frame, 6);
        out.position(12);
        out.putShort((short) ETH_P_ARP);
        out.putShort((short) HTYPE_ETHERNET);
        out.putShort((short) ETH_P_IP);
        out.put((byte) 6);
        out.put((byte) 4);
        out.putShort((short) operation);
        senderMac.copyTo(frame, 22);
        out.position(28);
        out.put(senderIp.getAddress());
        targetMac.copyTo(frame, 32);
        out.position(38);
        out.put(targetIp.getAddress());
        return frame;
    }
}
