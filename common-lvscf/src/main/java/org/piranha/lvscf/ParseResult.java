package org.piranha.lvscf;

import java.util.List;
import java.util.Optional;

/**
 * What {@link LvsConfigParser} made of a file: every lexical error and warning, the config when
 * there was no error, and where each block and key was written.
 *
 * @param config     the config, only when the file has no error
 * @param bestEffort what could be read even with errors (lines in error skipped, keys at their
 *                   defaults): the loader validates it to report semantic errors in the same run.
 *                   Never run it.
 */
public record ParseResult(Optional<LvsConfig> config, LvsConfig bestEffort, SourceMap sourceMap,
                          List<Diagnostic> diagnostics) {

    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
