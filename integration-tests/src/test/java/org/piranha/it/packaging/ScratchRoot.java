package org.piranha.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.piranha.it.support.Sh;

/**
 * An empty root directory with an rpm database, into which a test installs the RPM with
 * {@code rpm --root} as a host would. Its scriptlets run chrooted in it under busybox's sh, and
 * /usr/bin/systemctl there records its arguments in /systemctl.log, so the test sees what the
 * scriptlets asked systemd to do. Deleted again by {@link #close}.
 */
final class ScratchRoot implements AutoCloseable {

    private final Path dir;

    private ScratchRoot(Path dir) {
        this.dir = dir;
    }

    static ScratchRoot create() {
        String busybox = RequiredTool.require("busybox", "busybox-static");
        RequiredTool.require("rpm", "rpm");
        try {
            Path dir = Files.createTempDirectory("piranha-rpm-root-");
            ScratchRoot root = new ScratchRoot(dir);
            Files.createDirectories(dir.resolve("bin"));
            Files.copy(Path.of(busybox), dir.resolve("bin/busybox"));
            Files.createSymbolicLink(dir.resolve("bin/sh"), Path.of("busybox"));
            Files.createDirectories(dir.resolve("dev"));
            Sh.ok("mknod", "-m", "666", dir.resolve("dev/null").toString(), "c", "1", "3");
            Path systemctl = dir.resolve("usr/bin/systemctl");
            Files.createDirectories(systemctl.getParent());
            Files.writeString(systemctl, "#!/bin/sh\necho \"$*\" >> /systemctl.log\n");
            Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
            Sh.ok("rpm", "--root", dir.toString(), "--initdb");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a scratch root", e);
        }
    }

    Path path() {
        return dir;
    }

    /** The path of {@code absolute} ("/etc/sysconfig/pulse") inside this root. */
    Path file(String absolute) {
        return dir.resolve(absolute.substring(1));
    }

    /** Runs {@code rpm --root DIR ARGS...}. */
    Sh.Result rpm(String... args) {
        List<String> command = new ArrayList<>(List.of("rpm", "--root", dir.toString()));
        command.addAll(List.of(args));
        return Sh.run(command);
    }

    /** What the scriptlets passed to systemctl so far, one call per line. */
    List<String> systemctlCalls() {
        Path log = file("/systemctl.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
        assertThat(dir).doesNotExist();
    }
}
