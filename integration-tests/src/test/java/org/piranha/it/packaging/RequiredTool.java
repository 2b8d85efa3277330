package org.piranha.it.packaging;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program from a Debian package that a packaging test needs. A missing one fails the test with
 * the package to install rather than skipping it: dev/test (the README's test command) installs them all.
 */
final class RequiredTool {

    private RequiredTool() {}

    /** The program's path on the PATH; fails naming {@code debianPackage} when it is not there. */
    static String require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(program + " is not installed: install the Debian package " + debianPackage
                + " (apt-get install " + debianPackage + "), as dev/test does");
    }
}
