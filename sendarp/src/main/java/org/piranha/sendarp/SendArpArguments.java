package org.piranha.sendarp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * send_arp's command line, as Piranha's: {@code [-i dev] src_ip_addr src_hw_addr targ_ip_addr
 * tar_hw_addr}. As in Piranha, targ_ip_addr must be a valid address but goes into no frame.
 */
public record SendArpArguments(
        String device,
        Inet4Address sourceIp,
        MacAddress sourceMac,
        Inet4Address targetIp,
        MacAddress targetMac) {

    public static final String DEFAULT_DEVICE = "eth0";

    public static final String USAGE = "send_arp: sends out custom ARP packet. Yuri Volobuev '97\n"
            + "usage: send_arp [-i dev] src_ip_addr src_hw_addr targ_ip_addr tar_hw_addr\n";

    /** A command line that does not have the shape of the usage line. */
    public static final class UsageException extends IllegalArgumentException {
        UsageException() {
            super(USAGE);
        }
    }

    /**
     * @throws UsageException for a wrong number of arguments
     * @throws IllegalArgumentException naming the bad address
     */
    public static SendArpArguments parse(String... args) {
        String device = DEFAULT_DEVICE;
        String[] addresses = args;
        if (args.length == 6 && args[0].equals("-i")) {
            device = args[1];
            addresses = Arrays.copyOfRange(args, 2, 6);
        } else if (args.length != 4 || args[0].startsWith("-")) {
            throw new UsageException();
        }
        return new SendArpArguments(device, ipv4(addresses[0]), MacAddress.parse(addresses[1]),
                ipv4(addresses[2]), MacAddress.parse(addresses[3]));
    }

    /** A dotted IPv4 address or a host name with an IPv4 address, as inet_addr/gethostbyname took. */
    static Inet4Address ipv4(String text) {
        if (!text.isBlank()) {
            try {
                for (InetAddress address : InetAddress.getAllByName(text)) {
                    if (address instanceof Inet4Address ipv4) {
                        return ipv4;
                    }
                }
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("unknown host " + text
                + ": not an IPv4 address or a host name with one");
    }

    /** The one frame send_arp sends. */
    public ArpFrame frame() {
        return ArpFrame.piranhaReply(sourceIp, sourceMac, targetMac);
    }
}
