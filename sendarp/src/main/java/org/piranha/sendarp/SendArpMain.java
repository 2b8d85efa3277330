package org.piranha.sendarp;

import java.io.PrintStream;
import org.piranha.daemon.PiranhaVersion;

/**
 * send_arp: sends one ARP frame, as Piranha's send_arp did, through an AF_PACKET socket.
 * Exit status 0 when the frame went out, 1 otherwise (usage or address errors included).
 */
public final class SendArpMain {

    private SendArpMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("-?"))) {
            out.print(SendArpArguments.USAGE);
            return 0;
        }
        if (args.length == 1 && args[0].equals("--version")) {
            out.println("send_arp version " + PiranhaVersion.version());
            return 0;
        }
        SendArpArguments arguments;
        try {
            arguments = SendArpArguments.parse(args);
        } catch (SendArpArguments.UsageException e) {
            err.print(e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("send_arp: " + e.getMessage());
            return 1;
        }
        try (PacketSocket socket = PacketSocket.open()) {
            socket.send(arguments.device(), socket.index(arguments.device()), arguments.frame().encode());
            return 0;
        } catch (ArpException e) {
            err.println("send_arp: " + e.getMessage());
            return 1;
        }
    }
}
