package org.piranha.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The staged install tree (packaging/target/root) that the tests run, as an operator would. */
public final class Installed {

    private Installed() {}

    public static Path root() {
        String root = System.getProperty("piranha.root");
        if (root == null) {
            throw new IllegalStateException("system property piranha.root is not set: run the tests through Maven");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** /usr/sbin/NAME inside the staged tree. */
    public static String sbin(String program) {
        Path path = root().resolve("usr/sbin").resolve(program);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: build with ./mvnw package first");
        }
        return path.toString();
    }
}
