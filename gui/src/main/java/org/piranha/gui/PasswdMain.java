package org.piranha.gui;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.piranha.daemon.PiranhaVersion;
import org.piranha.gui.auth.AtomicFiles;
import org.piranha.gui.auth.PasswordFile;
import org.piranha.gui.auth.PasswordHash;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code piranha-passwd [-f FILE] [PASSWORD]}: sets the password of the user {@code piranha} for
 * piranha-gui, as one bcrypt line of an Apache htpasswd file.
 */
@Command(name = "piranha-passwd", versionProvider = PiranhaVersion.class, sortOptions = false,
        description = "Set the password piranha-gui asks for (user piranha).")
public final class PasswdMain implements Callable<Integer> {

    static final String GROUP = "piranha";

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Password file (default: ${DEFAULT-VALUE}).")
    Path file = PasswordFile.DEFAULT_PATH;

    @Parameters(arity = "0..1", paramLabel = "PASSWORD",
            description = "The new password (visible to other users in ps: better let it prompt).")
    String password;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean versionRequested;

    @Option(names = {"-?", "-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    boolean helpRequested;

    private final PrintStream out;
    private final PrintStream err;
    private final Console console;

    PasswdMain(PrintStream out, PrintStream err, Console console) {
        this.out = out;
        this.err = err;
        this.console = console;
    }

    public static void main(String[] args) {
        PasswdMain main = new PasswdMain(System.out, System.err, System.console());
        System.exit(new CommandLine(main).execute(args));
    }

    @Override
    public Integer call() {
        char[] secret;
        if (password != null) {
            err.println("Warning: sensitive information entered on command line.");
            secret = password.toCharArray();
        } else {
            if (console == null) {
                err.println("piranha-passwd: no terminal to ask for the password on: give it as an argument");
                return 1;
            }
            char[] first = console.readPassword("New Password: ");
            char[] second = console.readPassword("Verify: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                err.println("Passwords do not match: the password is unchanged.");
                return 1;
            }
            Arrays.fill(second, '\0');
            secret = first;
        }
        if (secret.length == 0) {
            err.println("piranha-passwd: the password is empty: the password is unchanged.");
            return 1;
        }
        try {
            write(secret);
        } catch (IOException e) {
            err.println("piranha-passwd: cannot write " + file + ": " + reason(e));
            return 1;
        } finally {
            Arrays.fill(secret, '\0');
        }
        out.println("Password for user " + PasswordFile.USER + " set in " + file + ".");
        return 0;
    }

    private void write(char[] secret) throws IOException {
        String line = PasswordFile.USER + ":" + PasswordHash.bcrypt(secret) + "\n";
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        boolean groupExists = groupExists();
        Set<PosixFilePermission> mode = groupExists
                ? EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ)
                : EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        AtomicFiles.replace(file, line.getBytes(StandardCharsets.US_ASCII), mode);
        if (groupExists) {
            // piranha-gui runs as user piranha: it must read the file, and nobody else may.
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            view.setGroup(file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(GROUP));
        }
    }

    private boolean groupExists() {
        try {
            GroupPrincipal group = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(GROUP);
            return group != null;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static String reason(IOException e) {
        return org.piranha.lvscf.LvsConfigLoader.reason(e);
    }
}
