package org.piranha.gui.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.piranha.gui.auth.AtomicFiles;
import org.piranha.lvscf.ConfigDiff;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.LoadResult;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.lvscf.LvsConfigWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place piranha-gui reads and writes lvs.cf. Every write is checked by common-lvscf
 * first (nothing invalid is ever written), is based on a revision (a stale one is refused),
 * keeps the previous file as {@code lvs.cf.bak}, keeps {@code serial_no} increasing, replaces the
 * file atomically (temporary file, fsync, rename) and is logged with who, from where and what.
 */
public final class ConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigStore.class);

    private final Path file;
    private final LvsConfigLoader loader;

    public ConfigStore(Path file, LvsConfigLoader loader) {
        this.file = file;
        this.loader = loader;
    }

    public Path path() {
        return file;
    }

    public ConfigFile read() throws IOException {
        try {
            return ConfigFile.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return ConfigFile.missing();
        }
    }

    /** Parses and validates {@code text} as this file (diagnostics name it). */
    public LoadResult check(String text) {
        return loader.load(file.toString(), text);
    }

    /** The config in the file now, when it is valid. */
    public Optional<LvsConfig> currentConfig(ConfigFile current) {
        if (!current.exists()) {
            return Optional.empty();
        }
        return check(current.text()).config();
    }

    /**
     * Replaces lvs.cf with {@code text} if the file is still at {@code baseRevision} and the text
     * is valid. A text whose serial_no is not above the current one is written through the
     * library's writer with serial_no one above it (comments are then lost).
     */
    public SaveResult save(String text, String baseRevision, String who, String from) throws IOException {
        return save(text, baseRevision, who, from, false);
    }

    /**
     * As {@link #save(String, String, String, String)}; {@code exact} writes the text byte for byte
     * even when its serial_no is not above the current one: the partner's copy sent by the other
     * router, which must hash the same as the sender's.
     */
    public synchronized SaveResult save(String text, String baseRevision, String who, String from, boolean exact)
            throws IOException {
        ConfigFile current = read();
        if (!current.revision().equals(baseRevision)) {
            return new SaveResult.Stale(current);
        }
        LoadResult result = check(text);
        if (!result.isValid()) {
            return new SaveResult.Invalid(result.errors());
        }
        LvsConfig next = result.config().get();
        Optional<LvsConfig> before = currentConfig(current);
        int currentSerial = before.map(c -> c.globals().serialNo()).orElse(0);
        String toWrite = text;
        if (!exact && next.globals().serialNo() <= currentSerial) {
            GlobalSettings globals = next.globals().toBuilder().serialNo(currentSerial + 1).build();
            next = next.withGlobals(globals);
            toWrite = LvsConfigWriter.write(next);
        }
        byte[] bytes = toWrite.getBytes(StandardCharsets.UTF_8);
        Set<PosixFilePermission> mode = current.exists()
                ? Files.getPosixFilePermissions(file)
                : EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        if (current.exists()) {
            AtomicFiles.replace(backupPath(), current.bytes(), mode);
        }
        AtomicFiles.replace(file, bytes, mode);
        ConfigFile written = ConfigFile.of(bytes);
        ConfigDiff diff = ConfigDiff.between(before.orElse(emptyConfig()), next);
        LOG.info("{} changed by {} from {} (serial_no {}): {}", file, who, from, next.globals().serialNo(),
                summary(diff));
        return new SaveResult.Written(written, diff);
    }

    public Path backupPath() {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    /** The diff on one line: {@code virtual web added; keepalive 6 -> 2}. */
    public static String summary(ConfigDiff diff) {
        List<String> lines = diff.toString().lines().filter(l -> !l.startsWith("serial_no")).toList();
        return lines.isEmpty() ? "no change but serial_no" : lines.stream().collect(Collectors.joining("; "));
    }

    private static LvsConfig emptyConfig() {
        return new LvsConfig(GlobalSettings.defaults(), List.of());
    }
}
