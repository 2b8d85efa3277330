package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the loader does with files far from a real lvs.cf: too large, one huge line, braces nested
 * without end, an error on every line. Each gets a short, bounded answer; bench/lvscf-hostile
 * measures how fast.
 */
class LimitsTest {

    @TempDir
    Path dir;

    @Test
    void aFileOverSixteenMebibytesIsRefusedWithoutBeingParsed() throws IOException {
        Path file = dir.resolve("lvs.cf");
        Files.write(file, new byte[(int) LvsConfigLoader.MAX_SIZE + 1]);
        LoadResult result = Cf.LOADER.load(file);
        assertThat(result.isValid()).isFalse();
        assertThat(Cf.messages(result.diagnostics())).containsExactly(file + ": the file is 16777217 bytes, more than"
                + " the 16 MiB (16777216 bytes) an lvs.cf may have: is it the right file?");
    }

    @Test
    void aFileAtTheLimitIsParsed() throws IOException {
        Path file = dir.resolve("lvs.cf");
        String valid = Cf.MINIMAL;
        String comment = "#" + "x".repeat(999) + "\n";
        StringBuilder text = new StringBuilder(valid);
        while (text.length() + comment.length() <= LvsConfigLoader.MAX_SIZE) {
            text.append(comment);
        }
        Files.writeString(file, text);
        assertThat(Files.size(file)).isGreaterThan(LvsConfigLoader.MAX_SIZE - comment.length());
        assertThat(Cf.LOADER.load(file).isValid()).isTrue();
    }

    @Test
    void anEndlessStreamIsReadOnlyUpToTheLimit() throws IOException {
        LoadResult result = Cf.LOADER.load(Path.of("/dev/zero"));
        assertThat(Cf.messages(result.diagnostics())).containsExactly("/dev/zero: the file holds more than the 16 MiB"
                + " (16777216 bytes) an lvs.cf may have: is it the right file?");
    }

    @Test
    void onlyTheFirstFiftyErrorsAreListedThenHowManyMore() throws IOException {
        String text = "primary = 10.0.0.1\n" + "prmary = 10.0.0.1\n".repeat(1000);
        LoadResult result = Cf.load(text);
        List<String> messages = Cf.messages(result.errors());
        assertThat(messages).hasSize(51);
        assertThat(messages.get(0)).isEqualTo("lvs.cf:2: unknown command \"prmary\" in the global section"
                + " (did you mean \"primary\"?)");
        assertThat(messages.get(49)).startsWith("lvs.cf:51: ");
        assertThat(messages.get(50)).isEqualTo("lvs.cf: ... and 950 more errors");
        assertThat(result.errorCount()).isEqualTo(1000);
        assertThat(result.omittedErrors()).isEqualTo(950);

        Path file = dir.resolve("lvs.cf");
        Files.writeString(file, text);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        new ConfigCheck(Cf.LOADER).check(file, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(52)
                .endsWith(file + ": ... and 950 more errors", file + ": 1000 errors: configuration not valid");
    }

    @Test
    void theFirstFiftyByLineAreKeptWhateverOrderTheValidatorFindsThemIn() {
        StringBuilder text = new StringBuilder("primary = 10.0.0.1\n");
        for (int i = 0; i < 120; i++) {
            text.append("virtual v").append(i).append(" {\nactive = 1\naddress = 10.0.0.1 eth0:1\n")
                    .append("scheduler = nope\n}\n");
        }
        LoadResult result = Cf.load(text.toString());
        List<Diagnostic> errors = result.errors();
        assertThat(errors).hasSize(51);
        assertThat(errors.subList(0, 50)).isSortedAccordingTo(java.util.Comparator.comparingInt(Diagnostic::line));
        assertThat(errors.get(0).line()).isEqualTo(2 + 3);
        assertThat(errors.get(50).message()).matches("\\.\\.\\. and \\d+ more errors");
        assertThat(result.errorCount()).isGreaterThanOrEqualTo(120);
    }

    @Test
    void nestedBlocksAreRefusedAtTheLineThatNestsThem() {
        assertThat(Cf.messages(Cf.load("primary = 10.0.0.1\nvirtual a {\nvirtual b {\n}\n}\n").errors()))
                .contains("lvs.cf:3: virtual b starts inside virtual a (line 2): a } is missing before it");
        assertThat(Cf.messages(Cf.load("primary = 10.0.0.1\nvirtual a {\nserver s {\nserver t {\n}\n}\n}\n")
                .errors())).contains("lvs.cf:4: server t starts inside server s (line 3): a } is missing before it");
        assertThat(Cf.messages(Cf.load("primary = 10.0.0.1\n{\n").errors()))
                .containsExactly("lvs.cf:2: unknown command \"{\" in the global section");
    }

    @Test
    void aLineLongerThanSixtyFourKibibytesIsRefusedUnread() {
        LoadResult result = Cf.load("primary = 10.0.0.1\nsend = \"" + "x".repeat(70_000) + "\"\n");
        assertThat(Cf.messages(result.errors())).containsExactly("lvs.cf:2: the line is 70009 characters long,"
                + " more than the 65536 an lvs.cf line may have: is this the right file?");
    }

    @Test
    void moreThanTenThousandVirtualBlocksStopTheParse() {
        StringBuilder text = new StringBuilder("primary = 10.0.0.1\n");
        for (int i = 0; i < LvsConfigParser.MAX_SERVICES + 5; i++) {
            text.append("virtual v").append(i).append(" {\n}\n");
        }
        LoadResult result = Cf.load(text.toString());
        assertThat(result.isValid()).isFalse();
        assertThat(Cf.messages(result.errors())).contains("lvs.cf:20002: more than 10000 virtual and failover"
                + " blocks: lvs.cf may have at most 10000 virtual blocks and 100000 server blocks; the rest of the"
                + " file is not read");
    }

    @Test
    void moreThanAHundredThousandServerBlocksStopTheParse() {
        String text = "primary = 10.0.0.1\nvirtual v {\n" + "server s {\n}\n".repeat(LvsConfigParser.MAX_SERVERS + 1);
        LoadResult result = Cf.load(text);
        assertThat(Cf.messages(result.errors())).anyMatch(m -> m.contains("more than 100000 server blocks"));
    }

    @Test
    void aMessageQuotingAHugeValueIsCut() {
        LoadResult result = Cf.load("primary = " + "1".repeat(60_000) + "\n");
        String message = result.errors().get(0).message();
        assertThat(message).hasSizeLessThan(600).endsWith("... (60072 characters)");
    }

    static Stream<Arguments> hostileInputs() {
        return HostileInputs.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** 1 MiB of each (bench/lvscf-hostile runs them at 16 MiB): a bounded answer, never a config. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileInputs")
    void everyHostileInputGetsAShortAnswer(String name, IntFunction<String> input) {
        LoadResult result = Cf.load(input.apply(1 << 20));
        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).hasSizeBetween(1, DiagnosticSink.LIMIT + 1);
        assertThat(result.warnings()).hasSizeLessThanOrEqualTo(DiagnosticSink.LIMIT + 1);
        assertThat(result.diagnostics()).allMatch(d -> d.message().length() < 600);
    }
}
