package org.piranha.gui.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an operator typed into one panel: lvs.cf key -> text, in the panel's order. An empty text
 * means "not set" (the key's default). Keys taking {@code IP DEV} come as one text joined by a
 * space.
 */
public record FormValues(Map<String, String> values) {

    public FormValues {
        values = new LinkedHashMap<>(values);
    }

    public String get(String key) {
        return values.getOrDefault(key, "");
    }
}
