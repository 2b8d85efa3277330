package org.piranha.lvscf;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The keys of a {@code server NAME { }} block, in the order the writer emits them. All reach nanny. */
public enum ServerField implements LvsField {
    ADDRESS("address", ValueType.HOST, RealServer::address, (b, v) -> b.address((InetAddress) v)),
    ACTIVE("active", ValueType.BOOLEAN, RealServer::active, (b, v) -> b.active((Boolean) v)),
    PORT("port", ValueType.PORT, RealServer::port, (b, v) -> b.port((Integer) v)),
    WEIGHT("weight", ValueType.INTEGER, RealServer::weight, (b, v) -> b.weight((Integer) v));

    private final String key;
    final ValueType type;
    private final Function<RealServer, Object> getter;
    private final BiConsumer<RealServer.Builder, Object> setter;

    ServerField(String key, ValueType type, Function<RealServer, Object> getter,
                BiConsumer<RealServer.Builder, Object> setter) {
        this.key = key;
        this.type = type;
        this.getter = getter;
        this.setter = setter;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public boolean affectsNanny() {
        return true;
    }

    /** The value in {@code server}: an Optional field gives its content or null. */
    public Object valueIn(RealServer server) {
        Object value = getter.apply(server);
        return value instanceof Optional<?> optional ? optional.orElse(null) : value;
    }

    /** Sets this key in {@code builder}; {@code value} as {@link #valueIn} gives it (null clears an optional key). */
    public void set(RealServer.Builder builder, Object value) {
        setter.accept(builder, value);
    }
}
