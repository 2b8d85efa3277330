package org.piranha.daemon;

import ch.qos.logback.classic.Level;
import java.util.Locale;

/** The syslog severities piranha logs at, with their numbers (syslog(3), sd-daemon(3)). */
public enum Severity {
    ERR(3),
    WARNING(4),
    INFO(6),
    DEBUG(7);

    private final int code;

    Severity(int code) {
        this.code = code;
    }

    /** The syslog number: 3, 4, 6 or 7. */
    public int code() {
        return code;
    }

    /** error -> ERR, warn -> WARNING, info -> INFO, debug and trace -> DEBUG. */
    public static Severity of(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return ERR;
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return WARNING;
        }
        return level.isGreaterOrEqual(Level.INFO) ? INFO : DEBUG;
    }

    /**
     * A level name as nanny reports it ({@code err}, {@code warning}, {@code info}, {@code debug}),
     * also accepting slf4j's spelling ({@code error}, {@code warn}).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Severity parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "err", "error" -> ERR;
            case "warning", "warn" -> WARNING;
            case "info" -> INFO;
            case "debug" -> DEBUG;
            default -> throw new IllegalArgumentException("unknown log level '" + name
                    + "' (expected err, warning, info or debug)");
        };
    }
}
