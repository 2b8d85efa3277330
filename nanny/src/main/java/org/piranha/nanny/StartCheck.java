package org.piranha.nanny;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One check of a real server exactly as a nanny started with the same arguments makes its
 * checks (connect, send, expect; UDP; within its {@code -t} interval), for lvsd to run itself
 * once at start, so that the table serves before the nannies' JVMs have reported. Not for
 * send_program checks: those stay the nanny's.
 */
public final class StartCheck {

    /** The check passed, or it did not and {@code reason} says why (nanny's own wording). */
    public record Result(boolean passed, String reason) {}

    private StartCheck() {
    }

    /**
     * Runs the check that nanny with {@code nannyArguments} (its options, without the program)
     * would make, once, blocking for at most its interval. Empty when nanny itself would not
     * check that way: bad arguments, a send_program, an invalid expect expression.
     */
    public static Optional<Result> run(List<String> nannyArguments) {
        NannyArgs.Parsed parsed;
        try {
            parsed = NannyArgs.parse(nannyArguments.toArray(String[]::new));
        } catch (UsageException e) {
            return Optional.empty();
        }
        NannyConfig config = parsed.config();
        if (parsed.mode() != NannyArgs.Mode.RUN || config.program() != null) {
            return Optional.empty();
        }
        List<String> errors = new ArrayList<>();
        Check check = Check.of(config, errors);
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        Verdict verdict;
        try {
            verdict = check.run(System.nanoTime() + config.intervalMillis() * 1_000_000);
        } catch (RuntimeException e) {
            return Optional.of(new Result(false, "the check of " + config.target() + " failed unexpectedly: " + e));
        }
        return Optional.of(new Result(verdict.available(), verdict.reason()));
    }
}
