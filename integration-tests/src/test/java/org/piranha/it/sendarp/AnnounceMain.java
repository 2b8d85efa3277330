package org.piranha.it.sendarp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.piranha.sendarp.ArpAnnouncement;
import org.piranha.sendarp.ArpForm;
import org.piranha.sendarp.GratuitousArp;

/**
 * Runs one {@link GratuitousArp} announcement, the way pulse calls it, inside a namespace:
 * {@code AnnounceMain DEVICE ADDRESS ROUNDS INTERVAL_MS FORMS} with FORMS "request", "reply" or
 * "both". Prints "announced" and exits 0, or prints the failure and exits 1.
 */
public final class AnnounceMain {

    private AnnounceMain() {}

    public static void main(String[] args) throws Exception {
        ArpAnnouncement what = ArpAnnouncement.of(args[0], (Inet4Address) InetAddress.getByName(args[1]))
                .withRounds(Integer.parseInt(args[2]))
                .withInterval(Duration.ofMillis(Long.parseLong(args[3])));
        what = switch (args[4]) {
            case "request" -> what.withForms(ArpForm.REQUEST);
            case "reply" -> what.withForms(ArpForm.REPLY);
            default -> what;
        };
        try (GratuitousArp arp = new GratuitousArp()) {
            arp.announce(what).completion().get();
            System.out.println("announced");
        } catch (ExecutionException e) {
            System.out.println(e.getCause().getMessage());
            System.exit(1);
        }
    }
}
