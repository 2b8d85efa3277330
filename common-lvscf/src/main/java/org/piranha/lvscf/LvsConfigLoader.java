package org.piranha.lvscf;

import java.io.IOException;
import java.io.InputStream;
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

    /** The largest lvs.cf the loader reads: a real one is a few KiB, a huge one is a mistake. */
    public static final long MAX_SIZE = 16L << 20;

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
        return checkKeyFile(loadSkippingKeyFile(file));
    }

    /**
     * Reads {@code file} as {@link #load(Path)} does, but leaves {@code heartbeat_key_file}
     * unchecked: for lvsd, which never uses the keys, so that a mistake in a key rotation costs
     * the heartbeat (pulse reports it) but never the IPVS table at the next takeover.
     */
    public LoadResult loadSkippingKeyFile(Path file) throws IOException {
        return parse(file, read(file));
    }

    /**
     * The file's bytes as {@link #load(Path)} reads them: at most one byte more than
     * {@link #MAX_SIZE} (it may be a device or a pipe). With {@link #load(Path, byte[])}, a caller
     * can fingerprint exactly the bytes that were parsed, whatever happens to the file meanwhile.
     */
    public static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) MAX_SIZE + 1);
        }
    }

    /** Loads {@code bytes}, read from {@code file} by {@link #read}, as {@link #load(Path)} loads the file. */
    public LoadResult load(Path file, byte[] bytes) throws IOException {
        return checkKeyFile(parse(file, bytes));
    }

    private LoadResult parse(Path file, byte[] bytes) throws IOException {
        if (bytes.length > MAX_SIZE) {
            return tooLarge(file.toString(), Files.isRegularFile(file) ? Files.size(file) : -1);
        }
        return load(file.toString(), new String(bytes, StandardCharsets.UTF_8));
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
            return new LoadResult(result.file(), Optional.empty(), result.sourceMap(), diagnostics,
                    result.omittedErrors(), result.omittedWarnings());
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
        if (text.length() > MAX_SIZE) {
            return tooLarge(fileName, text.length());
        }
        DiagnosticSink sink = new DiagnosticSink();
        ParseResult parsed = parser.parse(fileName, text, sink);
        // Validate even after parse errors, so one run reports every error; the validator skips
        // the blocks that had parse errors.
        LvsConfigValidator.validate(parsed.bestEffort(), parsed.sourceMap(), sink);
        boolean valid = !sink.hasErrors();
        return new LoadResult(fileName, valid ? parsed.config() : Optional.empty(), parsed.sourceMap(),
                sink.withSummaries(fileName), sink.omittedErrors(), sink.omittedWarnings());
    }

    private static LoadResult tooLarge(String fileName, long size) {
        String limit = (MAX_SIZE >> 20) + " MiB (" + MAX_SIZE + " bytes) an lvs.cf may have";
        String message = (size > 0 ? "the file is " + size + " bytes, more than the " : "the file holds more than the ")
                + limit + ": is it the right file?";
        return new LoadResult(fileName, Optional.empty(), SourceMap.none(fileName),
                List.of(Diagnostic.error(fileName, 0, message)), 0, 0);
    }
}
