package org.piranha.lvscf;

import java.util.Objects;

/**
 * One key whose value differs between two configs. Values are the model's (an unset optional key
 * is null); {@link #toString()} shows them as lvs.cf would: {@code scheduler: wlc -> rr}.
 */
public record FieldChange(LvsField field, Object before, Object after) {

    public FieldChange {
        Objects.requireNonNull(field, "field");
    }

    public String key() {
        return field.key();
    }

    @Override
    public String toString() {
        return field.key() + ": " + show(before) + " -> " + show(after);
    }

    private String show(Object value) {
        if (value == null) {
            return "(unset)";
        }
        ValueType type;
        if (field instanceof GlobalField global) {
            type = global.type;
        } else if (field instanceof ServiceField service) {
            type = service.type;
        } else if (field instanceof ServerField server) {
            type = server.type;
        } else {
            return String.valueOf(value);
        }
        return type.write(value);
    }
}
