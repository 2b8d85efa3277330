package org.piranha.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.gui.auth.PasswordFile;
import picocli.CommandLine;

/** piranha-passwd, checked with Apache's own htpasswd (Debian apache2-utils). */
class PasswdMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PasswdMain main = new PasswdMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null);
        return new CommandLine(main).execute(args);
    }

    @Test
    void writesOneBcryptLineThatApacheHtpasswdVerifies() throws Exception {
        Path file = dir.resolve("conf/piranha.passwd");

        int status = run("-f", file.toString(), "s3cret pass");

        assertThat(status).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("Warning: sensitive information entered on command line.\n");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("piranha:\\$2y\\$1[0-9]\\$[./A-Za-z0-9]{53}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isIn("rw-------", "rw-r-----");
        assertThat(htpasswd("-vb", file.toString(), "piranha", "s3cret pass")).isZero();
        assertThat(htpasswd("-vb", file.toString(), "piranha", "wrong")).isNotZero();
        assertThat(new PasswordFile(file).check("piranha", "s3cret pass".toCharArray())).isTrue();
        assertThat(new PasswordFile(file).check("piranha", "s3cret pas".toCharArray())).isFalse();
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void replacesThePasswordAndLeavesNoOtherUser() throws Exception {
        Path file = dir.resolve("piranha.passwd");
        assertThat(run("-f", file.toString(), "first")).isZero();
        assertThat(run("-f", file.toString(), "second")).isZero();

        assertThat(Files.readAllLines(file)).hasSize(1);
        assertThat(htpasswd("-vb", file.toString(), "piranha", "second")).isZero();
        assertThat(htpasswd("-vb", file.toString(), "piranha", "first")).isNotZero();
    }

    @Test
    void withoutATerminalAndWithoutAPasswordItSaysSoAndChangesNothing() {
        Path file = dir.resolve("piranha.passwd");

        assertThat(run("-f", file.toString())).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("give it as an argument");
        assertThat(file).doesNotExist();
    }

    @Test
    void legacyEntriesFromARealPiranhaInstallStillLogIn() throws Exception {
        for (String format : List.of("-m", "-d", "-s", "-B")) {
            Path file = dir.resolve("legacy" + format);
            assertThat(htpasswd("-c" + format.substring(1) + "b", file.toString(), "piranha", "oldpass")).isZero();
            PasswordFile passwords = new PasswordFile(file);
            passwords.load();

            assertThat(passwords.check("piranha", "oldpass".toCharArray())).as(format).isTrue();
            assertThat(passwords.check("piranha", "oldpasS".toCharArray())).as(format).isFalse();
            assertThat(passwords.check("root", "oldpass".toCharArray())).as(format).isFalse();
        }
    }

    /** On a terminal (util-linux script gives it a pty): two prompts, no echo, a mismatch changes nothing. */
    @Test
    void promptsTwiceWithoutEchoOnATerminal() throws Exception {
        Path file = dir.resolve("piranha.passwd");

        Terminal mismatch = Terminal.run(file, "first-secret", "other-secret");
        assertThat(mismatch.status).isEqualTo(1);
        assertThat(mismatch.output).contains("New Password: ", "Verify: ", "do not match")
                .doesNotContain("first-secret", "other-secret");
        assertThat(file).doesNotExist();

        Terminal match = Terminal.run(file, "same-secret", "same-secret");
        assertThat(match.status).as(match.output).isZero();
        assertThat(match.output).doesNotContain("same-secret", "Warning");
        assertThat(htpasswd("-vb", file.toString(), "piranha", "same-secret")).isZero();
    }

    private record Terminal(int status, String output) {
        static Terminal run(Path file, String first, String second) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String command = java + " -cp " + System.getProperty("java.class.path") + " org.piranha.gui.PasswdMain -f " + file;
            Process process = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
            StringBuilder seen = new StringBuilder();
            var in = process.getInputStream();
            var out = process.getOutputStream();
            awaitText(in, seen, "New Password: ");
            out.write((first + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitText(in, seen, "Verify: ");
            out.write((second + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            seen.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new Terminal(process.waitFor(), seen.toString());
        }

        private static void awaitText(java.io.InputStream in, StringBuilder seen, String text) throws IOException {
            while (seen.indexOf(text) < 0) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("no \"" + text + "\" in: " + seen);
                }
                seen.append((char) c);
            }
        }
    }

    static int htpasswd(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "htpasswd";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor();
    }
}
