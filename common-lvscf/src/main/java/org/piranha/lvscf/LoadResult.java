package org.piranha.lvscf;

import java.util.List;
import java.util.Optional;

/**
 * An lvs.cf read, parsed and validated: the config when it has no error, and the errors and
 * warnings ordered by line. Daemons log the warnings, and on errors keep their last good config.
 * Of a file with more than 50 errors (or warnings), the first 50 are kept, followed by one
 * diagnostic without a line: {@code ... and N more errors}; {@code omittedErrors} and
 * {@code omittedWarnings} count what was left out.
 */
public record LoadResult(String file, Optional<LvsConfig> config, SourceMap sourceMap, List<Diagnostic> diagnostics,
                         int omittedErrors, int omittedWarnings) {

    public LoadResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** A result with nothing left out. */
    public LoadResult(String file, Optional<LvsConfig> config, SourceMap sourceMap, List<Diagnostic> diagnostics) {
        this(file, config, sourceMap, diagnostics, 0, 0);
    }

    /** How many errors the file has, including those left out of {@link #diagnostics()}. */
    public int errorCount() {
        int listed = (int) diagnostics.stream().filter(Diagnostic::isError).count();
        return omittedErrors > 0 ? listed - 1 + omittedErrors : listed;
    }

    public boolean isValid() {
        return config.isPresent();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** The config, or an exception listing every error. */
    public LvsConfig requireValid() throws InvalidConfigException {
        if (config.isEmpty()) {
            throw new InvalidConfigException(errors());
        }
        return config.get();
    }
}
