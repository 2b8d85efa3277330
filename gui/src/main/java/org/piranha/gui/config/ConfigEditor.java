package org.piranha.gui.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.piranha.lvscf.Diagnostic;
import org.piranha.lvscf.GlobalField;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.LoadResult;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigParser;
import org.piranha.lvscf.LvsConfigWriter;
import org.piranha.lvscf.ParseResult;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.ServerField;
import org.piranha.lvscf.ServiceField;
import org.piranha.lvscf.SourceMap;
import org.piranha.lvscf.VirtualService;

/**
 * Applies a panel's form to the config, using common-lvscf for everything lvs.cf: each typed
 * value is read by the library's parser (as {@code key = value}, so it obeys exactly the rules
 * pulse reads the file with), set on the model through the library's fields, the whole result
 * written by the library's writer and checked by its loader (parser and validator). Errors come
 * back per field, found through the loader's source map, and as {@code FILE:LINE: message}.
 * What the panel does not show (other keys, other services, keys the GUI does not know yet) is
 * carried over from the model unchanged.
 */
public final class ConfigEditor {

    private final ConfigStore store;
    private final LvsConfigParser parser;

    public ConfigEditor(ConfigStore store, LvsConfigParser parser) {
        this.store = store;
        this.parser = parser;
    }

    /** The global keys of one panel (GLOBAL SETTINGS or REDUNDANCY) set to what was typed. */
    public EditResult editGlobals(LvsConfig config, List<GlobalField> fields, FormValues form) {
        Map<String, String> errors = new LinkedHashMap<>();
        Lines lines = new Lines();
        for (GlobalField field : fields) {
            lines.key("", field.key(), form.get(field.key()), errors);
        }
        ParseResult parsed = parser.parse("form", lines.text());
        lines.collect(parsed, errors);
        GlobalSettings.Builder builder = config.globals().toBuilder();
        for (GlobalField field : fields) {
            if (!errors.containsKey(field.key())) {
                field.set(builder, field.valueIn(parsed.bestEffort().globals()));
            }
        }
        return check(config.withGlobals(builder.build()), errors, -1, -1);
    }

    /**
     * Service {@code oldName} (or a new one when empty) with its keys of one panel set to what was
     * typed; {@code newName} renames it.
     */
    public EditResult editService(LvsConfig config, String oldName, String newName, List<ServiceField> fields,
                                  FormValues form) {
        Map<String, String> errors = new LinkedHashMap<>();
        Lines lines = new Lines();
        lines.raw("virtual " + blankIfBad(newName, errors) + " {");
        for (ServiceField field : fields) {
            lines.key("    ", field.key(), form.get(field.key()), errors);
        }
        lines.raw("}");
        ParseResult parsed = parser.parse("form", lines.text());
        lines.collect(parsed, errors);
        Optional<VirtualService> old = oldName.isEmpty() ? Optional.empty() : config.service(oldName);
        if (!oldName.isEmpty() && old.isEmpty()) {
            errors.put("name", "there is no virtual server " + oldName + " (any more)");
        }
        if (!newName.equals(oldName) && config.service(newName).isPresent()) {
            errors.put("name", "a virtual server named " + newName + " exists already");
        }
        if (!errors.isEmpty()) {
            return new EditResult(Optional.empty(), "", errors, List.of(), List.of());
        }
        VirtualService typed = parsed.bestEffort().services().get(0);
        VirtualService base = old.orElse(VirtualService.builder(newName).build());
        VirtualService.Builder builder = renamed(base, newName);
        for (ServiceField field : fields) {
            field.set(builder, field.valueIn(typed));
        }
        VirtualService service = builder.build();
        List<VirtualService> services = new ArrayList<>(config.services());
        int index = old.map(services::indexOf).orElse(-1);
        if (index < 0) {
            services.add(service);
            index = services.size() - 1;
        } else {
            services.set(index, service);
        }
        return check(config.withServices(services), errors, index, -1);
    }

    /** Real server {@code oldName} (or a new one when empty) of service {@code serviceName}, set to what was typed. */
    public EditResult editServer(LvsConfig config, String serviceName, String oldName, String newName, FormValues form) {
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<VirtualService> service = config.service(serviceName);
        if (service.isEmpty()) {
            errors.put("name", "there is no virtual server " + serviceName + " (any more)");
            return new EditResult(Optional.empty(), "", errors, List.of(), List.of());
        }
        Lines lines = new Lines();
        lines.raw("virtual v {");
        lines.raw("    port = " + service.get().port());
        lines.raw("    server " + blankIfBad(newName, errors) + " {");
        for (ServerField field : ServerField.values()) {
            lines.key("        ", field.key(), form.get(field.key()), errors);
        }
        lines.raw("    }");
        lines.raw("}");
        ParseResult parsed = parser.parse("form", lines.text());
        lines.collect(parsed, errors);
        Optional<RealServer> old = oldName.isEmpty() ? Optional.empty() : service.get().server(oldName);
        if (!oldName.isEmpty() && old.isEmpty()) {
            errors.put("name", "there is no real server " + oldName + " (any more)");
        }
        if (!newName.equals(oldName) && service.get().server(newName).isPresent()) {
            errors.put("name", "a real server named " + newName + " exists already");
        }
        if (!errors.isEmpty()) {
            return new EditResult(Optional.empty(), "", errors, List.of(), List.of());
        }
        RealServer typed = parsed.bestEffort().services().get(0).servers().get(0);
        List<RealServer> servers = new ArrayList<>(service.get().servers());
        int index = old.map(servers::indexOf).orElse(-1);
        if (index < 0) {
            servers.add(typed);
            index = servers.size() - 1;
        } else {
            servers.set(index, typed);
        }
        VirtualService.Builder builder = service.get().toBuilder().clearServers();
        servers.forEach(builder::server);
        int serviceIndex = config.services().indexOf(service.get());
        return check(replaceService(config, serviceIndex, builder.build()), errors, serviceIndex, index);
    }

    /** The config with {@code change} applied to service {@code name} (for delete/(de)activate buttons). */
    public EditResult changeServices(LvsConfig config, Function<List<VirtualService>, List<VirtualService>> change) {
        return check(config.withServices(change.apply(new ArrayList<>(config.services()))),
                new LinkedHashMap<>(), -1, -1);
    }

    public static LvsConfig replaceService(LvsConfig config, int index, VirtualService service) {
        List<VirtualService> services = new ArrayList<>(config.services());
        services.set(index, service);
        return config.withServices(services);
    }

    /** A copy of {@code service} under another name, servers and every key kept. */
    public static VirtualService.Builder renamed(VirtualService service, String name) {
        if (service.name().equals(name)) {
            return service.toBuilder();
        }
        VirtualService.Builder builder = VirtualService.builder(name);
        for (ServiceField field : ServiceField.values()) {
            field.set(builder, field.valueIn(service));
        }
        service.servers().forEach(builder::server);
        builder.fosKeys(service.fosKeys());
        return builder;
    }

    /** Writes the candidate with the library's writer and checks it with its loader. */
    private EditResult check(LvsConfig candidate, Map<String, String> errors, int service, int server) {
        String text = LvsConfigWriter.write(candidate);
        LoadResult result = store.check(text);
        List<String> fileErrors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Diagnostic d : result.diagnostics()) {
            if (!d.isError()) {
                warnings.add(d.toString());
                continue;
            }
            fileErrors.add(d.toString());
            String key = keyAt(result.sourceMap(), candidate, d.line(), service, server);
            if (key != null) {
                errors.merge(key, d.message(), (a, b) -> a + "; " + b);
            }
        }
        boolean valid = result.isValid() && errors.isEmpty();
        return new EditResult(valid ? result.config() : Optional.empty(), text, errors, fileErrors, warnings);
    }

    /** The key of the panel's block written at {@code line}: global keys, or those of the edited service/server. */
    private static String keyAt(SourceMap map, LvsConfig config, int line, int service, int server) {
        if (line <= 0) {
            return null;
        }
        if (service < 0) {
            for (GlobalField field : GlobalField.values()) {
                if (map.global(field.key()) == line) {
                    return field.key();
                }
            }
            return null;
        }
        if (server >= 0) {
            if (map.server(service, server) == line) {
                return "name";
            }
            for (ServerField field : ServerField.values()) {
                if (map.server(service, server, field.key()) == line) {
                    return field.key();
                }
            }
            return null;
        }
        if (map.service(service) == line) {
            return "name";
        }
        for (ServiceField field : ServiceField.values()) {
            if (map.service(service, field.key()) == line) {
                return field.key();
            }
        }
        return null;
    }

    private static String blankIfBad(String name, Map<String, String> errors) {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_.:-]+")) {
            errors.put("name", "a name is one word of letters, digits and _ . : -");
            return "x";
        }
        return name;
    }

    /** The small lvs.cf text a form becomes, and which line holds which key. */
    private static final class Lines {
        private final StringBuilder text = new StringBuilder();
        private final Map<Integer, String> keys = new LinkedHashMap<>();
        private int line;

        void raw(String content) {
            text.append(content).append('\n');
            line++;
        }

        void key(String indent, String key, String value, Map<String, String> errors) {
            String v = value.strip();
            if (v.isEmpty()) {
                return;
            }
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                errors.put(key, "one line only");
                return;
            }
            raw(indent + key + " = " + v);
            keys.put(line, key);
        }

        String text() {
            return text.toString();
        }

        void collect(ParseResult parsed, Map<String, String> errors) {
            for (Diagnostic d : parsed.diagnostics()) {
                if (d.isError()) {
                    String key = keys.getOrDefault(d.line(), "name");
                    errors.merge(key, d.message(), (a, b) -> a + "; " + b);
                }
            }
        }
    }
}
