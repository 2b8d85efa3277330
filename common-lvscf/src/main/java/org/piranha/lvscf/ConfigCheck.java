package org.piranha.lvscf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code pulse --check-config [-c FILE]}: reads, parses and validates lvs.cf without root or IPVS.
 * <ul>
 *   <li>valid: exit {@value #VALID}, a one-line summary on stdout, warnings on stderr as
 *       {@code FILE:LINE: warning: message};</li>
 *   <li>invalid: exit {@value #INVALID}, every error (and warning) on stderr as {@code FILE:LINE: message};</li>
 *   <li>unreadable: exit {@value #UNREADABLE} with the reason on stderr.</li>
 * </ul>
 */
public final class ConfigCheck {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int UNREADABLE = 2;

    private final LvsConfigLoader loader;

    public ConfigCheck(LvsConfigLoader loader) {
        this.loader = loader;
    }

    /** Checks {@code file} with /etc/services and the system resolver. */
    public static int run(Path file, PrintStream out, PrintStream err) {
        return new ConfigCheck(LvsConfigLoader.standard()).check(file, out, err);
    }

    public int check(Path file, PrintStream out, PrintStream err) {
        LoadResult result;
        try {
            result = loader.load(file);
        } catch (IOException e) {
            err.println(file + ": I/O error while reading configuration: " + LvsConfigLoader.reason(e));
            return UNREADABLE;
        }
        for (Diagnostic diagnostic : result.diagnostics()) {
            err.println(diagnostic);
        }
        if (!result.isValid()) {
            int errors = result.errorCount();
            err.println(file + ": " + errors + (errors == 1 ? " error" : " errors")
                    + ": configuration not valid");
            return INVALID;
        }
        out.println(file + ": " + summary(result.config().get(), result.warnings().size()));
        return VALID;
    }

    /**
     * One line: {@code valid: 1 active virtual service (of 1), 2 active real servers, network direct,
     * primary 10.6.1.201, backup 10.6.1.202}; in multi_active mode {@code ..., network direct,
     * multi_active: AS 65001 to AS 65000 via 192.0.2.1}.
     */
    public static String summary(LvsConfig config, int warnings) {
        GlobalSettings g = config.globals();
        int active = config.activeServices().size();
        int servers = config.activeServerCount();
        StringBuilder line = new StringBuilder("valid: ")
                .append(plural(active, "active virtual service", "active virtual services"))
                .append(" (of ").append(config.services().size()).append("), ")
                .append(plural(servers, "active real server", "active real servers"))
                .append(", network ").append(g.network().keyword());
        if (g.isMultiActive()) {
            line.append(", multi_active: AS ").append(g.bgpLocalAs().map(String::valueOf).orElse("unset"))
                    .append(" to AS ").append(g.bgpPeerAs().map(String::valueOf).orElse("unset")).append(" via ")
                    .append(String.join(" ", g.bgpNeighbors().stream().map(Addresses::format).toList()));
        } else {
            line.append(", primary ").append(g.primary().map(Addresses::format).orElse("unset"));
            line.append(g.hasBackup() ? ", backup " + Addresses.format(g.backup().get()) : ", no backup");
        }
        if (warnings > 0) {
            line.append(", ").append(plural(warnings, "warning", "warnings"));
        }
        return line.toString();
    }

    private static String plural(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
