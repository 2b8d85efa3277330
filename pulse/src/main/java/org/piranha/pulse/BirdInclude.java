package org.piranha.pulse;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.piranha.lvscf.Addresses;
import org.piranha.lvscf.GlobalSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BIRD 2 include pulse writes from lvs.cf in multi_active mode ({@code bird_config}): a BIRD
 * table of its own ({@value #TABLE}), the kernel protocol that learns pulse's announcements from
 * kernel table {@value VipRoutes#TABLE} (by netlink notification, at once), one BGP session per
 * {@code bgp_neighbors} address exporting that table and importing nothing, and BFD on them when
 * {@code bgp_bfd = 1}. The director's bird.conf gives {@code router id} and {@code protocol device}
 * and includes this file. Written by temporary file and rename; when it changed and BIRD runs,
 * {@link BirdControl} makes BIRD re-read it.
 */
public final class BirdInclude {

    private static final Logger LOG = LoggerFactory.getLogger(BirdInclude.class);

    /** The BIRD routing table the include declares for the announced VIPs. */
    public static final String TABLE = "piranha4";
    /** The kernel protocol's name; {@code birdc show route protocol piranha_vips} lists the announced VIPs. */
    public static final String KERNEL_PROTOCOL = "piranha_vips";
    public static final String BFD_PROTOCOL = "piranha_bfd";

    private BirdInclude() {}

    /** The BGP protocol's name for one neighbour: {@code piranha_192_0_2_1}. */
    public static String bgpProtocol(InetAddress neighbor) {
        return "piranha_" + Addresses.format(neighbor).replace('.', '_');
    }

    /** The include's text for these settings. */
    public static String render(GlobalSettings g) {
        StringBuilder out = new StringBuilder();
        out.append("# Written by pulse from lvs.cf (director_mode = multi_active). Do not edit: pulse rewrites it\n")
                .append("# at every start and reload. Include it from bird.conf, which gives \"router id\" and\n")
                .append("# \"protocol device\" (and no BFD protocol of its own).\n\n")
                .append("ipv4 table ").append(TABLE).append(";\n\n")
                .append("# pulse announces a VIP by adding VIP/32 to kernel table ").append(VipRoutes.TABLE)
                .append(" (proto ").append(VipRoutes.PROTOCOL).append(")\n")
                .append("# and withdraws it by removing it: BIRD hears both at once by netlink.\n")
                .append("protocol kernel ").append(KERNEL_PROTOCOL).append(" {\n")
                .append("\tkernel table ").append(VipRoutes.TABLE).append(";\n")
                .append("\tlearn;\n")
                .append("\tscan time 10;\n")
                .append("\tipv4 {\n\t\ttable ").append(TABLE).append(";\n")
                .append("\t\timport where krt_source = ").append(VipRoutes.PROTOCOL).append(";\n")
                .append("\t\texport none;\n\t};\n}\n");
        if (g.bgpBfd()) {
            out.append("\nprotocol bfd ").append(BFD_PROTOCOL).append(" {\n")
                    .append("\tinterface \"*\" {\n")
                    .append("\t\tmin rx interval ").append(g.bgpBfdInterval()).append(" ms;\n")
                    .append("\t\tmin tx interval ").append(g.bgpBfdInterval()).append(" ms;\n")
                    .append("\t\tmultiplier ").append(g.bgpBfdMultiplier()).append(";\n")
                    .append("\t};\n}\n");
        }
        for (InetAddress neighbor : g.bgpNeighbors()) {
            out.append("\nprotocol bgp ").append(bgpProtocol(neighbor)).append(" {\n")
                    .append("\tlocal as ").append(g.bgpLocalAs().orElseThrow()).append(";\n")
                    .append("\tneighbor ").append(Addresses.format(neighbor)).append(" as ")
                    .append(g.bgpPeerAs().orElseThrow()).append(";\n")
                    .append("\thold time ").append(g.bgpHoldTime()).append(";\n")
                    // BIRD's defaults (error wait 60-300 s, connect retry 120 s) would keep a
                    // director out of the route for minutes after one spurious BFD drop; the
                    // doubling from 1 s up to 30 s still damps a session that keeps failing.
                    .append("\terror wait time 1, 30;\n")
                    .append("\tconnect retry time 5;\n");
            if (g.bgpBfd()) {
                out.append("\tbfd on;\n");
            }
            out.append("\tipv4 {\n\t\ttable ").append(TABLE).append(";\n")
                    .append("\t\timport none;\n")
                    .append("\t\texport all;\n\t};\n}\n");
        }
        return out.toString();
    }

    /**
     * Writes the include for {@code g} when its content changed and, if so and BIRD answers on
     * {@code bird_socket}, runs {@code birdc configure}. Failures are logged: the VIPs are
     * announced through the kernel whatever BIRD does.
     *
     * @return true when the file changed
     */
    public static boolean update(GlobalSettings g) {
        Path file = Path.of(g.birdConfig());
        String text = render(g);
        try {
            if (!write(file, text)) {
                return false;
            }
        } catch (IOException e) {
            LOG.error("cannot write the BIRD include {}: {}; BIRD keeps its old sessions", file, e.getMessage());
            return false;
        }
        LOG.info("wrote the BIRD include {}", file);
        BirdControl.configure(Path.of(g.birdSocket()));
        return true;
    }

    /** Replaces the file atomically when {@code text} differs from it; true when it did. */
    static boolean write(Path file, String text) throws IOException {
        Optional<String> current;
        try {
            current = Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            current = Optional.empty();
        }
        if (current.filter(text::equals).isPresent()) {
            return false;
        }
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
