package org.piranha.gui.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The htpasswd file ({@code USER:HASH} per line) piranha-passwd writes and piranha-gui checks
 * logins against. It is read again when its modification time changes, so a new password works
 * without a restart.
 */
public final class PasswordFile {

    public static final Path DEFAULT_PATH = Path.of("/etc/sysconfig/ha/conf/piranha.passwd");

    /** The only user Piranha's GUI let in ({@code require user piranha}). */
    public static final String USER = "piranha";

    /** A hash of a random password, checked for unknown users so that they cost the same time. */
    private static final class Dummy {
        static final String HASH = PasswordHash.bcrypt(java.util.UUID.randomUUID().toString().toCharArray());
    }

    private final Path file;
    private volatile Snapshot snapshot;

    private record Snapshot(FileTime modified, Map<String, String> hashes) {}

    public PasswordFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** Reads the file now: IOException when it is missing or unreadable, so the GUI does not start. */
    public void load() throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        snapshot = new Snapshot(modified, parse(Files.readString(file, StandardCharsets.UTF_8)));
    }

    /** True when {@code user} is {@value #USER}, listed, and {@code password} matches its hash. */
    public boolean check(String user, char[] password) {
        Optional<String> hash = hashOf(user);
        boolean matches = PasswordHash.matches(hash.orElseGet(() -> Dummy.HASH), password);
        return hash.isPresent() && matches;
    }

    /** True when the file on disk is not the one last read (a new password was set). */
    public boolean changedSinceLoad() {
        try {
            Snapshot current = snapshot;
            return current == null || !Files.getLastModifiedTime(file).equals(current.modified());
        } catch (IOException e) {
            return true;
        }
    }

    private Optional<String> hashOf(String user) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (snapshot == null || !modified.equals(snapshot.modified())) {
                load();
            }
        } catch (IOException e) {
            // Keep the last good snapshot: a password file being replaced must not lock everyone out.
        }
        Snapshot current = snapshot;
        if (current == null || !USER.equals(user)) {
            return Optional.empty();
        }
        return Optional.ofNullable(current.hashes().get(user));
    }

    static Map<String, String> parse(String text) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                hashes.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return hashes;
    }
}
