package org.piranha.lvscf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads an lvs.cf the way every daemon does: parse and validate, reporting every error of both
 * kinds in one run. A file with errors yields no config, so a daemon reloading it keeps its last
 * good one.
 *
 * <pre>{@code
 * LoadResult result = LvsConfigLoader.standard().load(Path.of(LvsConfig.DEFAULT_PATH));
 * result.warnings().forEach(w -> log.warn(w.toString()));
 * LvsConfig config = result.requireValid();
 * }</pre>
 */
public final class LvsConfigLoader {

    private final LvsConfigParser parser;

    private LvsConfigLoader(LvsConfigParser parser) {
        this.parser = parser;
    }

    /** /etc/services and the system resolver. */
    public static LvsConfigLoader standard() {
        return new LvsConfigLoader(LvsConfigParser.standard());
    }

    public static LvsConfigLoader with(LvsConfigParser parser) {
        return new LvsConfigLoader(parser);
    }

    /**
     * Reads {@code file}; diagnostics name it as given. IOException when it cannot be read. The
     * files it names are checked too ({@code heartbeat_key_file}, with {@code heartbeat_auth} on).
     */
    public LoadResult load(Path file) throws IOException {
        return checkKeyFile(load(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
    }

    /** With authenticated heartbeats, a key file that cannot be used is an error at its key's line. */
    private static LoadResult checkKeyFile(LoadResult result) {
        if (result.config().isEmpty() || result.config().get().globals().heartbeatAuth() == HeartbeatAuth.NONE) {
            return result;
        }
        GlobalSettings g = result.config().get().globals();
        try {
            HeartbeatKeys.read(Path.of(g.heartbeatKeyFile()));
            return result;
        } catch (HeartbeatKeys.Invalid e) {
            int line = result.sourceMap().global(GlobalField.HEARTBEAT_KEY_FILE.key());
            if (line == 0) {
                line = result.sourceMap().global(GlobalField.HEARTBEAT_AUTH.key());
            }
            List<Diagnostic> diagnostics = new ArrayList<>(result.diagnostics());
            diagnostics.add(Diagnostic.error(result.file(), line, e.getMessage()));
            diagnostics.sort(Comparator.comparingInt(Diagnostic::line));
            return new LoadResult(result.file(), Optional.empty(), result.sourceMap(), diagnostics);
        }
    }

    /**
     * Why {@link #load(Path)} could not read the file, in words for a message that already names
     * it: {@code no such file}, {@code permission denied}, {@code Is a directory}... (the JDK's
     * message for these is only the path again).
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Parses and validates {@code text}; diagnostics call it {@code fileName}. */
    public LoadResult load(String fileName, String text) {
        ParseResult parsed = parser.parse(fileName, text);
        List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
        // Validate even after parse errors, so one run reports every error; the validator skips
        // the blocks that had parse errors.
        diagnostics.addAll(LvsConfigValidator.validate(parsed.bestEffort(), parsed.sourceMap()));
        diagnostics.sort(Comparator.comparingInt(Diagnostic::line));
        boolean valid = !parsed.hasErrors() && diagnostics.stream().noneMatch(Diagnostic::isError);
        return new LoadResult(fileName, valid ? parsed.config() : Optional.empty(), parsed.sourceMap(), diagnostics);
    }
}
