package org.piranha.lvscf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads lvs.cf with Piranha 0.8.6's lexical rules and reports every error, not just the first,
 * each as {@code FILE:LINE: message}. Semantic checks are {@link LvsConfigValidator}'s job;
 * {@link LvsConfigLoader} runs both.
 *
 * <p>Rules: lines end at LF, CRLF or CR; blank lines and lines whose first non-blank character is
 * {@code #} are skipped (no trailing comments); {@code key = value} with {@code =} a token of its
 * own; quoted tokens keep their quotes for send, expect and send_program and lose them elsewhere;
 * blocks <code>virtual NAME &#123;</code> with nested <code>server NAME &#123;</code>, each closed by
 * a line holding only <code>&#125;</code>; a repeated key overwrites (with a warning); a server starts with the port its
 * service had when the {@code server} line was read. {@code service = fos} is refused: FOS mode
 * is not supported. As in Piranha under {@code service = lvs}, {@code failover} blocks (the same
 * keys as a virtual block) and the FOS-only keys ({@link FosKey}) are read, ignored with a
 * warning, and kept in the model so that a write gives them back.
 */
public final class LvsConfigParser {

    private static final Map<String, GlobalField> GLOBAL_KEYS = keys(GlobalField.values());
    private static final Map<String, ServiceField> SERVICE_KEYS = keys(ServiceField.values());
    private static final Map<String, ServerField> SERVER_KEYS = keys(ServerField.values());

    private static final ValueType SERVICE_TYPE = ValueType.keyword(ServiceType.class, ServiceType::keyword);

    private enum ServiceType {
        LVS, FOS;

        String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What {@code read} returns after reporting an error. */
    private static final Object FAILED = new Object();

    /** Where a key stands, for "unknown command" hints. */
    private enum Scope {
        GLOBAL("the global section"),
        VIRTUAL("a virtual block"),
        FAILOVER("a failover block"),
        SERVER("a server block");

        final String description;

        Scope(String description) {
            this.description = description;
        }

        Set<String> keys() {
            return switch (this) {
                case GLOBAL -> GLOBAL_KEYS.keySet();
                case VIRTUAL, FAILOVER -> SERVICE_KEYS.keySet();
                case SERVER -> SERVER_KEYS.keySet();
            };
        }

        /** Where else a key is valid, as words: "a virtual block or a server block", or null. */
        static String homes(String key) {
            List<String> homes = new ArrayList<>();
            if (GLOBAL_KEYS.containsKey(key) || key.equals("service") || FosKey.of(key, FosKey.Scope.GLOBAL) != null) {
                homes.add(GLOBAL.description);
            }
            if (SERVICE_KEYS.containsKey(key) || FosKey.of(key, FosKey.Scope.SERVICE) != null) {
                homes.add(VIRTUAL.description);
            }
            if (SERVER_KEYS.containsKey(key)) {
                homes.add(SERVER.description);
            }
            return homes.isEmpty() ? null : String.join(" or ", homes);
        }
    }

    private final ValueType.Context context;

    private LvsConfigParser(PortNames ports, HostResolver resolver) {
        this.context = new ValueType.Context(Objects.requireNonNull(ports), Objects.requireNonNull(resolver));
    }

    /** Port names from /etc/services, host names through the system resolver. */
    public static LvsConfigParser standard() {
        return new LvsConfigParser(PortNames.system(), HostResolver.SYSTEM);
    }

    public static LvsConfigParser with(PortNames ports, HostResolver resolver) {
        return new LvsConfigParser(ports, resolver);
    }

    /** Reads and parses a file; diagnostics name it as given ({@code file.toString()}). */
    public ParseResult parse(Path file) throws IOException {
        return parse(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /** Parses lvs.cf text; {@code fileName} is what diagnostics call it. */
    public ParseResult parse(String fileName, String text) {
        return new Run(fileName, text).parse();
    }

    private static <F extends LvsField> Map<String, F> keys(F[] fields) {
        Map<String, F> map = new HashMap<>();
        for (F field : fields) {
            map.put(field.key(), field);
        }
        return Map.copyOf(map);
    }

    /** The state of one parse. */
    private final class Run {
        private final String file;
        private final String text;
        private final List<Diagnostic> diagnostics = new ArrayList<>();
        private final SourceMap.Block root = new SourceMap.Block(1);
        private final GlobalSettings.Builder globals = GlobalSettings.builder();
        private final List<VirtualService> services = new ArrayList<>();
        private final List<VirtualService> failovers = new ArrayList<>();
        private FosKeys fosGlobals = FosKeys.NONE;

        private int line;
        /** The open virtual or failover block, or null. */
        private VirtualService.Builder service;
        private SourceMap.Block serviceBlock;
        private String serviceName;
        private boolean failover;
        /** The open server block, or null. */
        private RealServer.Builder server;
        private SourceMap.Block serverBlock;
        private String serverName;

        Run(String file, String text) {
            this.file = file;
            this.text = text;
        }

        ParseResult parse() {
            if (text.isEmpty()) {
                error(1, "Empty configuration");
                return result(0);
            }
            int start = 0;
            int length = text.length();
            line = 0;
            while (start < length) {
                int end = start;
                while (end < length && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                    end++;
                }
                line++;
                parseLine(start, end);
                if (end < length && text.charAt(end) == '\r' && end + 1 < length && text.charAt(end + 1) == '\n') {
                    end++;
                }
                start = end + 1;
            }
            if (server != null) {
                error(line, "unexpected end of file: server " + serverName + " (line " + serverBlock.line
                        + ") is not closed with }");
                closeServer();
            }
            if (service != null) {
                error(line, "unexpected end of file: " + blockKind() + " " + serviceName + " (line "
                        + serviceBlock.line + ") is not closed with }");
                closeService();
            }
            return result(line);
        }

        private ParseResult result(int lastLine) {
            boolean failed = diagnostics.stream().anyMatch(Diagnostic::isError);
            SourceMap map = new SourceMap(file, root, lastLine, failed);
            LvsConfig readable = new LvsConfig(globals.build(), services, fosGlobals, failovers);
            return new ParseResult(failed ? Optional.empty() : Optional.of(readable), readable,
                    map, diagnostics);
        }

        private void parseLine(int start, int end) {
            int first = start;
            while (first < end && Lexical.isBlank(text.charAt(first))) {
                first++;
            }
            if (first == end || text.charAt(first) == '#') {
                return;
            }
            List<String> tokens;
            try {
                tokens = Tokenizer.tokens(text, start, end);
            } catch (ValueType.BadValue e) {
                error(line, e.getMessage());
                return;
            }
            String command = tokens.get(0);
            switch (command) {
                case "}" -> closeBlock(tokens);
                case "virtual", "failover", "server" -> openBlock(command, tokens);
                default -> assignment(command, tokens);
            }
        }

        private void openBlock(String kind, List<String> tokens) {
            String name;
            if (tokens.size() == 3 && tokens.get(2).equals("{")) {
                name = tokens.get(1);
            } else {
                error(line, badHeader(kind, tokens));
                // Open the block anyway when the line was meant as a header, so that its keys and
                // its } are not reported as errors of their own.
                boolean braced = tokens.size() >= 2 && (tokens.get(1).endsWith("{")
                        || tokens.subList(2, tokens.size()).contains("{"));
                name = tokens.size() >= 2 ? tokens.get(1).replaceFirst("\\{$", "") : "";
                if (!braced || name.isEmpty()) {
                    return;
                }
            }
            if (kind.equals("server")) {
                openServer(name);
            } else {
                openService(kind, name);
            }
        }

        private String badHeader(String kind, List<String> tokens) {
            String example = "\"" + kind + " NAME {\"";
            if (tokens.size() == 1) {
                return "missing arguments: " + kind + " needs a name and \"{\", as in " + example;
            }
            if (tokens.size() == 2 && tokens.get(1).endsWith("{")) {
                return "missing arguments: write " + example + " with blanks between the three words";
            }
            if (tokens.size() > 3) {
                return "unexpected arguments: a block starts with exactly " + example;
            }
            return "missing arguments: \"{\" expected after " + kind + " " + tokens.get(1);
        }

        private void openService(String kind, String name) {
            if (service != null) {
                error(line, kind + " " + name + " starts inside " + blockKind() + " " + serviceName + " (line "
                        + serviceBlock.line + "): a } is missing before it");
                if (server != null) {
                    closeServer();
                }
                closeService();
            }
            failover = kind.equals("failover");
            service = VirtualService.builder(name);
            serviceName = name;
            serviceBlock = new SourceMap.Block(line);
            if (failover) {
                // Not among root's children, which are the virtual blocks in the order of services().
                warning(line, "failover " + name + " is ignored, as Piranha ignored it under service = lvs"
                        + " (failover blocks are for FOS mode, service = fos, which this piranha does not run);"
                        + " it is kept when the file is written");
            } else {
                root.children.add(serviceBlock);
            }
        }

        private void openServer(String name) {
            if (service == null) {
                error(line, "server " + name + " is outside a virtual block: a server block belongs"
                        + " inside \"virtual NAME { }\"");
                return;
            }
            if (server != null) {
                error(line, "server " + name + " starts inside server " + serverName + " (line " + serverBlock.line
                        + "): a } is missing before it");
                closeServer();
            }
            server = RealServer.builder(name).port(service.port());
            serverName = name;
            serverBlock = new SourceMap.Block(line);
            serviceBlock.children.add(serverBlock);
        }

        private void closeBlock(List<String> tokens) {
            if (tokens.size() > 1) {
                error(line, "unexpected arguments after }: a block ends with a line holding only }");
            }
            if (server != null) {
                closeServer();
            } else if (service != null) {
                closeService();
            } else {
                error(line, "unexpected }: no block is open here");
            }
        }

        private void closeServer() {
            service.server(server.build());
            server = null;
        }

        private void closeService() {
            (failover ? failovers : services).add(service.build());
            service = null;
            failover = false;
        }

        private String blockKind() {
            return failover ? "failover" : "virtual";
        }

        private void assignment(String key, List<String> tokens) {
            if (server != null) {
                ServerField field = SERVER_KEYS.get(key);
                if (field == null) {
                    unknown(key, Scope.SERVER);
                    return;
                }
                Object value = read(key, tokens, field.type, serverBlock);
                if (value != FAILED) {
                    field.set(server, value);
                }
            } else if (service != null) {
                ServiceField field = SERVICE_KEYS.get(key);
                FosKey fos = FosKey.of(key, FosKey.Scope.SERVICE);
                if (field != null) {
                    Object value = read(key, tokens, field.type, serviceBlock);
                    if (value != FAILED) {
                        field.set(service, value);
                    }
                } else if (fos != null) {
                    Object value = read(key, tokens, fos.type, serviceBlock);
                    if (value != FAILED) {
                        service.fosKeys(service.fosKeys().with(fos, fos.text(value)));
                        if (!failover) {
                            warning(line, key + " is used by FOS failover services only; ignored in virtual "
                                    + serviceName);
                        }
                    }
                } else {
                    unknown(key, failover ? Scope.FAILOVER : Scope.VIRTUAL);
                }
            } else {
                GlobalField field = GLOBAL_KEYS.get(key);
                if (field != null) {
                    Object value = read(key, tokens, field.type, root);
                    if (value != FAILED) {
                        field.set(globals, value);
                    }
                } else if (key.equals("service")) {
                    if (read(key, tokens, SERVICE_TYPE, root) == ServiceType.FOS) {
                        error(line, "service = fos: FOS mode (failover services) is not supported by this piranha;"
                                + " use service = lvs with virtual blocks");
                    }
                } else if (FosKey.of(key, FosKey.Scope.GLOBAL) != null) {
                    FosKey fos = FosKey.of(key, FosKey.Scope.GLOBAL);
                    Object value = read(key, tokens, fos.type, root);
                    if (value != FAILED) {
                        fosGlobals = fosGlobals.with(fos, fos.text(value));
                        warning(line, key + " is used by FOS failover services only; ignored");
                    }
                } else {
                    unknown(key, Scope.GLOBAL);
                }
            }
        }

        /** Checks {@code key = value...} and reads the value; {@link #FAILED} after reporting an error. */
        private Object read(String key, List<String> tokens, ValueType type, SourceMap.Block block) {
            if (tokens.size() < 2 || !tokens.get(1).equals("=")) {
                error(line, "equal (=) expected after command \"" + key + "\""
                        + (tokens.size() >= 2 && tokens.get(1).startsWith("=") ? " (put blanks around \"=\")" : ""));
                return FAILED;
            }
            List<String> values = tokens.subList(2, tokens.size());
            if (values.isEmpty() || (type.arity > 0 && values.size() < type.arity)) {
                error(line, "missing arguments: " + (type == ValueType.HOST_AND_DEVICE
                        ? key + " needs an IP address and a device, as in \"" + key + " = 10.0.0.100 eth0:1\""
                        : "no value after \"" + key + " =\""));
                return FAILED;
            }
            if (type.arity > 0 && values.size() > type.arity) {
                List<String> extra = values.subList(type.arity, values.size());
                String hint = extra.get(0).startsWith("#")
                        ? " (comments must be on a line of their own)"
                        : type == ValueType.STRING || type == ValueType.QUOTED_STRING
                                ? " (put a value with blanks in double quotes)" : "";
                error(line, "unexpected arguments: \"" + String.join(" ", extra) + "\" after the value of "
                        + key + hint);
                return FAILED;
            }
            Object value;
            try {
                value = type.read(key, values, context);
            } catch (ValueType.BadValue e) {
                error(line, e.getMessage());
                return FAILED;
            }
            Integer previous = block.keys.put(key, line);
            if (previous != null) {
                warning(line, key + " is set again (first at line " + previous + "): the last value wins");
            }
            return value;
        }

        private void unknown(String key, Scope scope) {
            String hint;
            int equals = key.indexOf('=');
            String homes = Scope.homes(key);
            if (key.indexOf('\u00a0') >= 0) {
                // Text copied from a web page: Piranha split words at spaces and tabs only, too.
                hint = " (it holds a no-break space, U+00A0, as text copied from a web page may:"
                        + " separate words with plain spaces or tabs)";
            } else if (equals > 0) {
                hint = " (write \"" + key.substring(0, equals) + " = " + key.substring(equals + 1)
                        + "\" with blanks around \"=\")";
            } else if (homes != null) {
                hint = " in " + scope.description + " (it belongs in " + homes + ")";
            } else {
                String suggestion = Spelling.closest(key, scope.keys());
                hint = " in " + scope.description + (suggestion == null ? "" : " (did you mean \"" + suggestion + "\"?)");
            }
            error(line, "unknown command \"" + key + "\"" + hint);
        }

        private void error(int at, String message) {
            diagnostics.add(Diagnostic.error(file, at, message));
            // Mark where the error is, so the validator leaves that part alone (no cascades).
            if (server != null) {
                serverBlock.failed = true;
            }
            if (service != null) {
                serviceBlock.failed = true;
            } else {
                root.failed = true;
            }
        }

        private void warning(int at, String message) {
            diagnostics.add(Diagnostic.warning(file, at, message));
        }
    }
}
