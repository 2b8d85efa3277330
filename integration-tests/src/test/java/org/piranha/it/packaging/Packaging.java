package org.piranha.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the packaging module built and holds: the RPM, its spec and rpmlint settings, the version. */
final class Packaging {

    private Packaging() {}

    static Path module() {
        String dir = System.getProperty("piranha.packaging");
        if (dir == null) {
            throw new IllegalStateException("system property piranha.packaging is not set: run the tests through Maven");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    static String version() {
        String version = System.getProperty("piranha.version");
        if (version == null) {
            throw new IllegalStateException("system property piranha.version is not set: run the tests through Maven");
        }
        return version;
    }

    /** The one RPM that ./mvnw package left in packaging/target/rpm. */
    static Path rpm() {
        Path dir = module().resolve("target/rpm");
        List<Path> rpms;
        try (Stream<Path> files = Files.list(dir)) {
            rpms = files.filter(f -> f.getFileName().toString().endsWith(".noarch.rpm")).toList();
        } catch (NoSuchFileException e) {
            throw new AssertionError(dir + " does not exist: ./mvnw -B package builds the RPM only where rpmbuild"
                    + " is installed (Debian: apt-get install rpm; the README's test command, dev/test, installs it)");
        } catch (IOException e) {
            throw new UncheckedIOException(dir + " cannot be read: build with ./mvnw -B package first", e);
        }
        assertThat(rpms).as("RPMs in %s", dir).hasSize(1);
        assertThat(rpms.get(0).getFileName().toString()).startsWith("piranha-" + version() + "-");
        return rpms.get(0);
    }

    static Path rpmlintConfig() {
        return module().resolve("rpm/rpmlint.toml");
    }
}
