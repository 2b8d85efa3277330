package org.piranha.lvscf;

import java.util.List;
import java.util.Optional;

/**
 * An lvs.cf read, parsed and validated: the config when it has no error, and every error and
 * warning ordered by line. Daemons log the warnings, and on errors keep their last good config.
 */
public record LoadResult(String file, Optional<LvsConfig> config, SourceMap sourceMap, List<Diagnostic> diagnostics) {

    public LoadResult {
        diagnostics = List.copyOf(diagnostics);
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
