package org.piranha.lvscf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The keys of {@code heartbeat_key_file}: one key a line, each 64 hex digits (256 bits, as
 * {@code openssl rand -hex 32} writes them); one line, or two during a key rotation (heartbeats
 * are sent with the first key and accepted with either). Blank lines and lines starting with
 * {@code #} are ignored. The file must not be readable or writable by group or others.
 */
public final class HeartbeatKeys {

    public static final int HEX_DIGITS = 64;
    public static final int MAX_KEYS = 2;

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    /** A key file that cannot be used; the message names the file and says what to do. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final List<byte[]> keys;

    private HeartbeatKeys(List<byte[]> keys) {
        this.keys = keys;
    }

    /** The keys, first the one to send with; copies. */
    public List<byte[]> keys() {
        return keys.stream().map(byte[]::clone).toList();
    }

    /**
     * Reads and checks {@code file}. A symbolic link is followed only when root (or the user
     * reading it) owns the link: whoever owns a link can point it at a key of their own. The file
     * it leads to must then pass the same permission check as a file named directly.
     */
    public static HeartbeatKeys read(Path file) throws Invalid {
        Set<PosixFilePermission> permissions;
        String text;
        try {
            if (Files.isSymbolicLink(file)) {
                checkLinkOwner(file);
            }
            permissions = Files.getPosixFilePermissions(file);
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new Invalid("heartbeat_key_file " + file + ": " + LvsConfigLoader.reason(e)
                    + " (create it with: umask 077; openssl rand -hex 32 > " + file + ")");
        } catch (UnsupportedOperationException e) {
            throw new Invalid("heartbeat_key_file " + file + ": its permissions cannot be checked on this file system");
        }
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            String target = file.toString();
            try {
                target = file.toRealPath().toString();
            } catch (IOException e) {
                // named as given
            }
            throw new Invalid("heartbeat_key_file " + file + (target.equals(file.toString()) ? "" : " (" + target + ")")
                    + " is readable or writable by group or others: chmod 600 " + target
                    + " (and make a new key: the old one may be known)");
        }
        return parse(file.toString(), text);
    }

    private static void checkLinkOwner(Path link) throws IOException, Invalid {
        String owner = Files.getOwner(link, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals("root") && !owner.equals(System.getProperty("user.name"))) {
            throw new Invalid("heartbeat_key_file " + link + " is a symbolic link owned by " + owner
                    + ": only a link owned by root is followed, since its owner can point it at another key"
                    + " (chown -h root " + link + ", or name the key file itself)");
        }
    }

    /** Checks the text of a key file called {@code name}. */
    static HeartbeatKeys parse(String name, String text) throws Invalid {
        List<byte[]> keys = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "heartbeat_key_file " + name + " line " + (i + 1) + ": ";
            if (!line.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new Invalid(where + "a key is " + HEX_DIGITS + " hex digits (0-9, a-f), and this line has others"
                        + " (make one with: openssl rand -hex 32)");
            }
            if (line.length() != HEX_DIGITS) {
                throw new Invalid(where + "a key is " + HEX_DIGITS + " hex digits, not " + line.length()
                        + " (make one with: openssl rand -hex 32)");
            }
            keys.add(HexFormat.of().parseHex(line));
        }
        if (keys.isEmpty()) {
            throw new Invalid("heartbeat_key_file " + name + " holds no key: put one of " + HEX_DIGITS
                    + " hex digits on a line (openssl rand -hex 32)");
        }
        if (keys.size() > MAX_KEYS) {
            throw new Invalid("heartbeat_key_file " + name + " holds " + keys.size() + " keys: at most " + MAX_KEYS
                    + " (the key to send with, and the one being retired)");
        }
        return new HeartbeatKeys(List.copyOf(keys));
    }
}
