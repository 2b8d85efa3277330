package org.piranha.gui.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.piranha.lvscf.LvsConfig;

/**
 * A panel's values applied to the config: the new config when common-lvscf found no error, and
 * the messages to show next to each field (key -> message) and for the whole file
 * ({@code FILE:LINE: message}).
 */
public record EditResult(Optional<LvsConfig> config, String text, Map<String, String> fieldErrors,
                         List<String> fileErrors, List<String> warnings) {

    public boolean isValid() {
        return config.isPresent();
    }
}
