package org.piranha.sendarp;

import java.net.Inet4Address;

/** The two kinds of gratuitous ARP frame: some neighbours act on only one of them. */
public enum ArpForm {

    /** {@link ArpFrame#announcementRequest}: broadcast request, target hardware address zero. */
    REQUEST {
        @Override
        public ArpFrame frame(Inet4Address address, MacAddress mac) {
            return ArpFrame.announcementRequest(address, mac);
        }
    },

    /** {@link ArpFrame#piranhaReply}: Piranha's broadcast reply with its own MAC as target. */
    REPLY {
        @Override
        public ArpFrame frame(Inet4Address address, MacAddress mac) {
            return ArpFrame.piranhaReply(address, mac, MacAddress.BROADCAST);
        }
    };

    public abstract ArpFrame frame(Inet4Address address, MacAddress mac);
}
