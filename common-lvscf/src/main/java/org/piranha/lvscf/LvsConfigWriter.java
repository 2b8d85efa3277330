package org.piranha.lvscf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Writes a config as canonical lvs.cf: keys in the order Piranha's GUI wrote them, values the way
 * Piranha reads them back (quotes of send/expect/send_program as given, other strings quoted
 * only when they hold blanks), addresses numeric. For every config {@code c},
 * {@code parse(write(c))} equals {@code c}. The FOS leftovers Piranha ignored under
 * {@code service = lvs} are written back as read: the global FOS keys after the other globals, the
 * FOS keys of a block after its other keys, the {@code failover} blocks after the virtual ones.
 */
public final class LvsConfigWriter {

    private static final String INDENT = "    ";
    private static final VirtualService SERVICE_DEFAULTS = VirtualService.builder("defaults").build();

    private LvsConfigWriter() {}

    public static String write(LvsConfig config) {
        StringBuilder out = new StringBuilder(256 + config.services().size() * 512);
        writeGlobals(out, config.globals());
        writeFosKeys(out, "", config.fosGlobals());
        for (VirtualService service : config.services()) {
            out.append('\n');
            writeService(out, "virtual", service);
        }
        for (VirtualService failover : config.failoverServices()) {
            out.append('\n');
            writeService(out, "failover", failover);
        }
        return out.toString();
    }

    /** Writes to a temporary file beside {@code file} and renames it, so readers never see half a file. */
    public static void write(LvsConfig config, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(temporary, write(config), StandardCharsets.UTF_8);
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeGlobals(StringBuilder out, GlobalSettings globals) {
        GlobalSettings defaults = GlobalSettings.defaults();
        for (GlobalField field : GlobalField.values()) {
            Object value = field.valueIn(globals);
            if (value != null && shouldWrite(field.write, value, field.valueIn(defaults))) {
                line(out, "", field.key(), field.type.write(value));
            }
            if (field == GlobalField.PRIMARY_PRIVATE) {
                line(out, "", "service", "lvs");
            }
        }
    }

    private static void writeFosKeys(StringBuilder out, String indent, FosKeys keys) {
        for (FosKey key : FosKey.values()) {
            String text = keys.values().get(key);
            if (text != null) {
                line(out, indent, key.key(), text);
            }
        }
    }

    private static void writeService(StringBuilder out, String kind, VirtualService service) {
        out.append(kind).append(' ').append(service.name()).append(" {\n");
        for (ServiceField field : ServiceField.values()) {
            Object value = field.valueIn(service);
            if (value != null && shouldWrite(field.write, value, field.valueIn(SERVICE_DEFAULTS))) {
                line(out, INDENT, field.key(), field.type.write(value));
            }
        }
        writeFosKeys(out, INDENT, service.fosKeys());
        for (RealServer server : service.servers()) {
            out.append('\n').append(INDENT).append("server ").append(server.name()).append(" {\n");
            for (ServerField field : ServerField.values()) {
                Object value = field.valueIn(server);
                if (value != null) {
                    line(out, INDENT + INDENT, field.key(), field.type.write(value));
                }
            }
            out.append(INDENT).append("}\n");
        }
        out.append("}\n");
    }

    private static boolean shouldWrite(Write write, Object value, Object defaultValue) {
        return write == Write.ALWAYS || !Objects.equals(value, defaultValue);
    }

    private static void line(StringBuilder out, String indent, String key, String value) {
        out.append(indent).append(key).append(" = ").append(value).append('\n');
    }
}
