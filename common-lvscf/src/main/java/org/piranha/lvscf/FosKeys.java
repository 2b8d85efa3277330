package org.piranha.lvscf;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The FOS-only keys of one scope (the global section or one service block) with their values as
 * written after {@code key = }, so that the writer gives them back unchanged. Kept, never acted on:
 * see {@link FosKey}.
 */
public record FosKeys(Map<FosKey, String> values) {

    public static final FosKeys NONE = new FosKeys(Map.of());

    public FosKeys {
        EnumMap<FosKey, String> copy = new EnumMap<>(FosKey.class);
        values.forEach((key, text) -> {
            Objects.requireNonNull(key, "key");
            if (text == null || text.isBlank() || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(key.key() + " cannot be written to lvs.cf: " + text);
            }
            copy.put(key, text);
        });
        values = Map.copyOf(copy);
    }

    /** Throws unless every key stands in {@code scope}, so that the writer puts it where it is read back. */
    FosKeys requireScope(FosKey.Scope scope) {
        for (FosKey key : values.keySet()) {
            if (key.scope() != scope) {
                throw new IllegalArgumentException(key.key() + " is not a key of the "
                        + (scope == FosKey.Scope.GLOBAL ? "global section" : "service blocks"));
            }
        }
        return this;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** These keys and {@code key = text}. */
    public FosKeys with(FosKey key, String text) {
        EnumMap<FosKey, String> copy = new EnumMap<>(FosKey.class);
        copy.putAll(values);
        copy.put(key, text);
        return new FosKeys(copy);
    }
}
