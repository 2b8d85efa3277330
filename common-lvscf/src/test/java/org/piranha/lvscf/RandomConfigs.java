package org.piranha.lvscf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random configs over every key and the whole range of values the model can hold
 * (including values the validator would refuse: the round trip must hold for every config).
 */
final class RandomConfigs {

    private static final String WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/%=#{}[]\\";
    private static final String TEXT_CHARS = WORD_CHARS + "  \t";

    private final Random random;

    RandomConfigs(long seed) {
        this.random = new Random(seed);
    }

    LvsConfig next() {
        GlobalSettings.Builder g = GlobalSettings.builder()
                .serialNo(anyInt())
                .primary(maybe() ? address() : null)
                .primaryPrivate(maybe() ? address() : null)
                .backupActive(random.nextBoolean())
                .backup(maybe() ? address() : null)
                .backupPrivate(maybe() ? address() : null)
                .heartbeat(random.nextBoolean())
                .heartbeatPort(port())
                .keepalive(seconds())
                .deadtime(seconds())
                .network(pick(ForwardingMethod.values()))
                .natRouter(maybe() ? new InterfaceAddress(address(), word()) : null)
                .natNmask(maybe() ? new Netmask(random.nextInt()) : null)
                .debugLevel(string())
                .monitorLinks(anyInt())
                .syncdaemon(random.nextBoolean())
                .syncdIface(word())
                .syncdId(anyInt())
                .tcpTimeout(anyInt())
                .tcpfinTimeout(anyInt())
                .udpTimeout(anyInt())
                .hardShutdown(random.nextBoolean())
                .hotStandby(random.nextBoolean())
                .activeCmd(maybe() ? string() : null)
                .inactiveCmd(maybe() ? string() : null)
                .ipvsadm(maybe() ? string() : GlobalSettings.DEFAULT_IPVSADM)
                .rshCommand(maybe() ? string() : GlobalSettings.DEFAULT_RSH_COMMAND)
                .sync(random.nextBoolean());
        int services = random.nextInt(5);
        VirtualService[] list = new VirtualService[services];
        for (int i = 0; i < services; i++) {
            list[i] = service();
        }
        int failovers = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
        List<VirtualService> failoverList = new ArrayList<>();
        for (int i = 0; i < failovers; i++) {
            failoverList.add(service());
        }
        return new LvsConfig(g.build(), List.of(list), fosKeys(FosKey.Scope.GLOBAL), failoverList);
    }

    /** Now and then some FOS-only keys of {@code scope}, with values as the parser gives them back. */
    private FosKeys fosKeys(FosKey.Scope scope) {
        FosKeys keys = FosKeys.NONE;
        if (random.nextInt(4) != 0) {
            return keys;
        }
        for (FosKey key : FosKey.values()) {
            if (key.scope() == scope && maybe()) {
                keys = keys.with(key, switch (key.type == ValueType.LIST ? 0 : key.type == ValueType.STRING ? 1 : 2) {
                    case 0 -> "[ " + word() + " " + token() + " ]";
                    case 1 -> Lexical.quoteIfNeeded(random.nextInt(3) == 0 ? "x" + string() : word());
                    default -> token();
                });
            }
        }
        return keys;
    }

    private VirtualService service() {
        VirtualService.Builder v = VirtualService.builder(name())
                .active(random.nextBoolean())
                .address(maybe() ? new InterfaceAddress(address(), word()) : null)
                .vipNmask(maybe() ? new Netmask(random.nextInt()) : null)
                .fwmark(random.nextInt(4) == 0 ? anyInt() : 0)
                .protocol(pick(Protocol.values()))
                .port(port())
                .scheduler(maybe() ? word() : "wlc")
                .persistent(random.nextInt(3) == 0 ? anyInt() : 0)
                .pmask(maybe() ? new Netmask(random.nextInt()) : null)
                .send(maybe() ? token() : null)
                .expect(maybe() ? token() : null)
                .useRegex(random.nextBoolean())
                .sendProgram(maybe() ? token() : null)
                .loadMonitor(maybe() ? pick(LoadMonitor.values()) : null)
                .timeout(seconds())
                .reentry(anyInt())
                .quiesceServer(random.nextBoolean())
                .sorryServer(maybe() ? address() : null)
                .clientMonitor(maybe() ? string() : null)
                .fosKeys(fosKeys(FosKey.Scope.SERVICE));
        int servers = random.nextInt(5);
        for (int j = 0; j < servers; j++) {
            v.server(RealServer.builder(name())
                    .address(maybe() ? address() : null)
                    .active(random.nextBoolean())
                    .weight(anyInt())
                    .port(port())
                    .build());
        }
        return v.build();
    }

    private boolean maybe() {
        return random.nextBoolean();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private int anyInt() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextInt(3) - 1;
            default -> random.nextInt(1000);
        };
    }

    private int port() {
        return random.nextInt(65536);
    }

    private Duration seconds() {
        long whole = random.nextInt(200_000) - 1_000;
        return switch (random.nextInt(3)) {
            case 0 -> Duration.ofSeconds(whole);
            case 1 -> Duration.ofMillis(random.nextInt(100_000) - 100);
            default -> Duration.ofSeconds(whole, random.nextInt(1_000_000_000));
        };
    }

    private InetAddress address() {
        byte[] bytes = new byte[random.nextInt(3) == 0 ? 16 : 4];
        random.nextBytes(bytes);
        if (bytes.length == 16 && bytes[0] == 0) {
            bytes[0] = 0x20; // keep clear of IPv4-mapped and -compatible forms, which Java turns into IPv4
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A bare word, as device names and schedulers are. */
    private String word() {
        StringBuilder s = new StringBuilder();
        int length = 1 + random.nextInt(10);
        for (int i = 0; i < length; i++) {
            s.append(WORD_CHARS.charAt(random.nextInt(WORD_CHARS.length())));
        }
        return s.toString();
    }

    /** A block name: a bare word or a quoted token. */
    private String name() {
        return random.nextInt(5) == 0 ? token() : word();
    }

    /** A raw token, as send/expect/send_program hold: a bare word, or quoted text that may hold the other quote. */
    private String token() {
        return switch (random.nextInt(3)) {
            case 0 -> word();
            case 1 -> '"' + text('\'') + '"';
            default -> '\'' + text('"') + '\'';
        };
    }

    /** A string whose quotes the parser strips: anything holding at most one kind of quote, even empty. */
    private String string() {
        return switch (random.nextInt(4)) {
            case 0 -> word();
            case 1 -> text('\'');
            case 2 -> text('"');
            default -> "";
        };
    }

    private String text(char quote) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) {
            s.append(random.nextInt(10) == 0 ? quote : TEXT_CHARS.charAt(random.nextInt(TEXT_CHARS.length())));
        }
        return s.toString();
    }
}
