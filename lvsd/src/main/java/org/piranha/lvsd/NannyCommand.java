package org.piranha.lvsd;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.VirtualService;
import org.piranha.netlink.InetAddresses;

/**
 * The command line of one real server's nanny, exactly as Piranha's lvsd built it:
 *
 * <pre>
 * NANNY -c -h RIP -p VPORT -r RPORT [-f FWMARK] [-u] [-e SEND_PROGRAM] [-s SEND] [-x EXPECT] [-q]
 *       [--regex] [-v] -a REENTRY -I IPVSADM -t TIMEOUT -w WEIGHT -V VIP -M m|g|i [-U LOADCMD]
 *       [--nodaemon] --lvs
 * </pre>
 *
 * Two command lines are equal exactly when the nanny would check and report the same way, which
 * is how a reload decides which nannies to restart.
 */
final class NannyCommand {

    private NannyCommand() {}

    /**
     * @param defaultNanny the nanny beside lvsd, used unless the service names a {@code client_monitor}
     * @param nodaemon     lvsd runs with {@code -n} (nanny then gets {@code --nodaemon}, as Piranha's did)
     * @param verbose      lvsd runs with {@code -v}, passed on to every nanny
     */
    static List<String> of(GlobalSettings globals, VirtualService service, RealServer server, Path defaultNanny,
                           boolean nodaemon, boolean verbose) {
        List<String> argv = new ArrayList<>();
        argv.add(service.clientMonitor().orElse(defaultNanny.toString()));
        argv.add("-c");
        add(argv, "-h", InetAddresses.toText(server.requireAddress()));
        add(argv, "-p", Integer.toString(service.port()));
        add(argv, "-r", Integer.toString(server.port()));
        if (service.isFwmark()) {
            add(argv, "-f", Integer.toString(service.fwmark()));
        }
        if (service.protocol() == org.piranha.lvscf.Protocol.UDP) {
            argv.add("-u");
        }
        service.sendProgramText().ifPresent(text -> add(argv, "-e", text));
        service.sendText().ifPresent(text -> add(argv, "-s", text));
        service.expectText().ifPresent(text -> add(argv, "-x", text));
        if (service.quiesceServer()) {
            argv.add("-q");
        }
        if (service.useRegex()) {
            argv.add("--regex");
        }
        if (verbose) {
            argv.add("-v");
        }
        add(argv, "-a", Integer.toString(service.reentry()));
        add(argv, "-I", globals.ipvsadm());
        add(argv, "-t", seconds(service.timeout()));
        add(argv, "-w", Integer.toString(server.weight()));
        add(argv, "-V", InetAddresses.toText(service.requireAddress().address()));
        add(argv, "-M", Character.toString(globals.network().nannyLetter()));
        service.loadCommand(globals).ifPresent(command -> add(argv, "-U", command));
        if (nodaemon || service.sorryServer().isPresent()) {
            argv.add("--nodaemon");
        }
        argv.add("--lvs");
        return List.copyOf(argv);
    }

    /** Whole seconds as an integer ({@code 6}), anything else as the shortest decimal ({@code 0.5}). */
    static String seconds(Duration duration) {
        if (duration.getNano() == 0) {
            return Long.toString(duration.getSeconds());
        }
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    private static void add(List<String> argv, String option, String value) {
        argv.add(option);
        argv.add(value);
    }
}
