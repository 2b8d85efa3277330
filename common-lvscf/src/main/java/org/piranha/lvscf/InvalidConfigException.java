package org.piranha.lvscf;

import java.util.List;

/** An lvs.cf with errors; the message lists each as {@code FILE:LINE: message}, one per line. */
public final class InvalidConfigException extends Exception {

    private final transient List<Diagnostic> errors;

    public InvalidConfigException(List<Diagnostic> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    public List<Diagnostic> errors() {
        return errors;
    }

    private static String describe(List<Diagnostic> errors) {
        StringBuilder text = new StringBuilder();
        for (Diagnostic error : errors) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(error);
        }
        return text.toString();
    }
}
