package org.piranha.gui.config;

import java.util.List;
import org.piranha.lvscf.ConfigDiff;
import org.piranha.lvscf.Diagnostic;

/** What became of a save: written (with the new file and what changed), refused as stale, or invalid. */
public sealed interface SaveResult {

    record Written(ConfigFile file, ConfigDiff diff) implements SaveResult {}

    /** lvs.cf is no longer the revision the change was based on: someone else or a hand edit came first. */
    record Stale(ConfigFile current) implements SaveResult {}

    record Invalid(List<Diagnostic> errors) implements SaveResult {}
}
