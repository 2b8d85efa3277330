package org.piranha.lvscf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The keys of a {@code virtual NAME { }} block, in the order the writer emits them (the GUI's order). */
public enum ServiceField implements LvsField {
    ACTIVE("active", ValueType.BOOLEAN, Write.ALWAYS, VirtualService::active,
            (b, v) -> b.active((Boolean) v), false),
    ADDRESS("address", ValueType.HOST_AND_DEVICE, Write.ALWAYS, VirtualService::address,
            (b, v) -> b.address((InterfaceAddress) v), true),
    VIP_NMASK("vip_nmask", ValueType.NETMASK, Write.ALWAYS, VirtualService::vipNmask,
            (b, v) -> b.vipNmask((Netmask) v), false),
    FWMARK("fwmark", ValueType.INTEGER, Write.UNLESS_DEFAULT, VirtualService::fwmark,
            (b, v) -> b.fwmark((Integer) v), true),
    PORT("port", ValueType.PORT, Write.ALWAYS, VirtualService::port,
            (b, v) -> b.port((Integer) v), true),
    PERSISTENT("persistent", ValueType.INTEGER, Write.UNLESS_DEFAULT, VirtualService::persistent,
            (b, v) -> b.persistent((Integer) v), false),
    PMASK("pmask", ValueType.NETMASK, Write.ALWAYS, VirtualService::pmask,
            (b, v) -> b.pmask((Netmask) v), false),
    SEND("send", ValueType.QUOTED_STRING, Write.ALWAYS, VirtualService::send,
            (b, v) -> b.send((String) v), true),
    EXPECT("expect", ValueType.QUOTED_STRING, Write.ALWAYS, VirtualService::expect,
            (b, v) -> b.expect((String) v), true),
    USE_REGEX("use_regex", ValueType.BOOLEAN, Write.UNLESS_DEFAULT, VirtualService::useRegex,
            (b, v) -> b.useRegex((Boolean) v), true),
    SEND_PROGRAM("send_program", ValueType.QUOTED_STRING, Write.ALWAYS, VirtualService::sendProgram,
            (b, v) -> b.sendProgram((String) v), true),
    LOAD_MONITOR("load_monitor", ValueType.keyword(LoadMonitor.class, LoadMonitor::keyword), Write.ALWAYS,
            VirtualService::loadMonitor, (b, v) -> b.loadMonitor((LoadMonitor) v), true),
    SCHEDULER("scheduler", ValueType.WORD, Write.ALWAYS, VirtualService::scheduler,
            (b, v) -> b.scheduler((String) v), false),
    SCHEDULER_FLAGS("scheduler_flags", ValueType.keywordSet(SchedulerFlag.class, SchedulerFlag::keyword),
            Write.UNLESS_DEFAULT, VirtualService::schedulerFlags, (b, v) -> b.schedulerFlags(flags(v)), false),
    PROTOCOL("protocol", ValueType.keyword(Protocol.class, Protocol::keyword), Write.ALWAYS,
            VirtualService::protocol, (b, v) -> b.protocol((Protocol) v), true),
    TIMEOUT("timeout", ValueType.SECONDS, Write.ALWAYS, VirtualService::timeout,
            (b, v) -> b.timeout((Duration) v), true),
    REENTRY("reentry", ValueType.INTEGER, Write.ALWAYS, VirtualService::reentry,
            (b, v) -> b.reentry((Integer) v), true),
    QUIESCE_SERVER("quiesce_server", ValueType.BOOLEAN, Write.ALWAYS, VirtualService::quiesceServer,
            (b, v) -> b.quiesceServer((Boolean) v), true),
    SORRY_SERVER("sorry_server", ValueType.IP, Write.ALWAYS, VirtualService::sorryServer,
            (b, v) -> b.sorryServer((InetAddress) v), false),
    CLIENT_MONITOR("client_monitor", ValueType.STRING, Write.ALWAYS, VirtualService::clientMonitor,
            (b, v) -> b.clientMonitor((String) v), true),
    ANNOUNCE("announce", ValueType.BOOLEAN, Write.UNLESS_DEFAULT, VirtualService::announce,
            (b, v) -> b.announce((Boolean) v), false);

    private final String key;
    final ValueType type;
    final Write write;
    private final Function<VirtualService, Object> getter;
    private final BiConsumer<VirtualService.Builder, Object> setter;
    private final boolean affectsNanny;

    ServiceField(String key, ValueType type, Write write, Function<VirtualService, Object> getter,
                 BiConsumer<VirtualService.Builder, Object> setter, boolean affectsNanny) {
        this.key = key;
        this.type = type;
        this.write = write;
        this.getter = getter;
        this.setter = setter;
        this.affectsNanny = affectsNanny;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public boolean affectsNanny() {
        return affectsNanny;
    }

    @SuppressWarnings("unchecked")
    private static Set<SchedulerFlag> flags(Object value) {
        return value == null ? Set.of() : (Set<SchedulerFlag>) value;
    }

    /** The value in {@code service}: an Optional field gives its content or null. */
    public Object valueIn(VirtualService service) {
        Object value = getter.apply(service);
        return value instanceof Optional<?> optional ? optional.orElse(null) : value;
    }

    /** Sets this key in {@code builder}; {@code value} as {@link #valueIn} gives it (null clears an optional key). */
    public void set(VirtualService.Builder builder, Object value) {
        setter.accept(builder, value);
    }
}
