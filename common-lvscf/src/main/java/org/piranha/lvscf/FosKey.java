package org.piranha.lvscf;

import java.util.List;

/**
 * The keys Piranha read only for FOS mode ({@code service = fos}, which this piranha does not run):
 * three global ones for shared SCSI disks and four of a service block. Under {@code service = lvs}
 * Piranha parsed them and ignored them, and so does this piranha: the parser warns about them, the
 * model keeps their values as written ({@link FosKeys}), the writer writes them back, and nothing
 * else looks at them.
 */
public enum FosKey {
    RESERVATION_CONFLICT_ACTION("reservation_conflict_action", Scope.GLOBAL, ValueType.STRING),
    PRIMARY_SHARED("primary_shared", Scope.GLOBAL, ValueType.STRING),
    BACKUP_SHARED("backup_shared", Scope.GLOBAL, ValueType.STRING),
    START_CMD("start_cmd", Scope.SERVICE, ValueType.QUOTED_STRING),
    STOP_CMD("stop_cmd", Scope.SERVICE, ValueType.QUOTED_STRING),
    MASTER("master", Scope.SERVICE, ValueType.STRING),
    DIRS("dirs", Scope.SERVICE, ValueType.LIST);

    /** Where a key stands: the global section, or a virtual or failover block. */
    public enum Scope { GLOBAL, SERVICE }

    private final String key;
    private final Scope scope;
    final ValueType type;

    FosKey(String key, Scope scope, ValueType type) {
        this.key = key;
        this.scope = scope;
        this.type = type;
    }

    /** The key as written in lvs.cf. */
    public String key() {
        return key;
    }

    public Scope scope() {
        return scope;
    }

    /** The key of this name in {@code scope}, or null. */
    static FosKey of(String key, Scope scope) {
        for (FosKey fos : values()) {
            if (fos.key.equals(key) && fos.scope == scope) {
                return fos;
            }
        }
        return null;
    }

    /** The text to write after {@code key = } for a value {@link #type} read. */
    String text(Object value) {
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder("[");
            list.forEach(item -> text.append(' ').append(item));
            return text.append(" ]").toString();
        }
        return type == ValueType.STRING ? Lexical.quoteIfNeeded((String) value) : (String) value;
    }
}
