package org.piranha.lvscf;

import java.util.List;
import java.util.Optional;

/**
 * What {@link LvsConfigParser} made of a file: every lexical error and warning, the config when
 * there was no error, and where each block and key was written.
 */
public record ParseResult(Optional<LvsConfig> config, SourceMap sourceMap, List<Diagnostic> diagnostics) {

    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
