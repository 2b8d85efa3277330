package org.piranha.pulse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel settings a multi_active director needs, each logged when pulse changes it:
 * {@code arp_ignore = 1} and {@code arp_announce = 2} (all interfaces), so the director never
 * answers ARP for a VIP it holds on {@code vip_interface}; {@code net.ipv4.vs.sloppy_tcp = 1} when
 * a service uses {@code mh}, so a director that receives the middle of a TCP connection (after
 * another director left) forwards it to the real server Maglev picks.
 */
final class DirectorSysctls {

    private static final Logger LOG = LoggerFactory.getLogger(DirectorSysctls.class);

    private final Path procSys;

    DirectorSysctls(Path procSys) {
        this.procSys = procSys;
    }

    static DirectorSysctls system() {
        return new DirectorSysctls(Path.of("/proc/sys"));
    }

    void noArpForVips() {
        set("net.ipv4.conf.all.arp_ignore", "1");
        set("net.ipv4.conf.all.arp_announce", "2");
    }

    /**
     * {@code net.ipv4.vs.sloppy_tcp = 1}; false when IPVS is not loaded yet (lvsd loads it: try again
     * after its first report).
     */
    boolean sloppyTcp() {
        return set("net.ipv4.vs.sloppy_tcp", "1");
    }

    /** Writes the value unless it is set already; true when it is set now. */
    boolean set(String name, String value) {
        Path file = procSys.resolve(name.replace('.', '/'));
        try {
            String current = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (current.equals(value)) {
                return true;
            }
            Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
            LOG.info("set {} = {} (was {})", name, value, current);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.error("cannot set {} = {}: {}; set it with sysctl", name, value, e.getMessage());
            return false;
        }
    }
}
