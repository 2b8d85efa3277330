package org.piranha.lvscf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A real server present in both configs (matched by name within its service) whose keys differ. */
public record ServerDiff(String name, RealServer before, RealServer after, List<FieldChange> changes) {

    public ServerDiff {
        changes = List.copyOf(changes);
    }

    /** The changed keys of two servers; empty when they are equal. */
    static List<FieldChange> compare(RealServer before, RealServer after) {
        List<FieldChange> changes = new ArrayList<>();
        for (ServerField field : ServerField.values()) {
            Object a = field.valueIn(before);
            Object b = field.valueIn(after);
            if (!Objects.equals(a, b)) {
                changes.add(new FieldChange(field, a, b));
            }
        }
        return changes;
    }

    public boolean changed(ServerField field) {
        return changes.stream().anyMatch(c -> c.field() == field);
    }
}
