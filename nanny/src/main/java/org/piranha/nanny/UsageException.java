package org.piranha.nanny;

/** Bad command-line input; the message is printed after "nanny: " and nanny exits with status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
