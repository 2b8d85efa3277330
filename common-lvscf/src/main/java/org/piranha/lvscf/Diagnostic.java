package org.piranha.lvscf;

import java.util.Objects;

/**
 * An error or warning about an lvs.cf, with the file name as given and the line it concerns.
 * {@link #toString()} is the line operators see: {@code lvs.cf:12: equal (=) expected after command "port"}
 * or {@code lvs.cf:30: warning: reentry (5) is shorter than timeout (10)}.
 *
 * @param line 1-based; 0 when there is no line to point at (a config built in code)
 */
public record Diagnostic(Severity severity, String file, int line, String message) {

    public enum Severity { ERROR, WARNING }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (message.length() > MAX_MESSAGE) {
            // a value or key of megabytes, quoted in the message: show its start
            message = message.substring(0, MAX_MESSAGE) + "... (" + message.length() + " characters)";
        }
    }

    /** Messages are cut at this length. */
    static final int MAX_MESSAGE = 500;

    public static Diagnostic error(String file, int line, String message) {
        return new Diagnostic(Severity.ERROR, file, line, message);
    }

    public static Diagnostic warning(String file, int line, String message) {
        return new Diagnostic(Severity.WARNING, file, line, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ": " : file + ": ";
        return where + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
