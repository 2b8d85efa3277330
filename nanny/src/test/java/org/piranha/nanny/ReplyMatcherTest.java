package org.piranha.nanny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.piranha.nanny.ReplyMatcher.Decision.MATCH;
import static org.piranha.nanny.ReplyMatcher.Decision.MISMATCH;
import static org.piranha.nanny.ReplyMatcher.Decision.MORE;

import java.nio.charset.StandardCharsets;
import com.google.re2j.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class ReplyMatcherTest {

    private static ReplyMatcher.Decision decide(ReplyMatcher m, String reply, boolean ended) {
        byte[] b = reply.getBytes(StandardCharsets.UTF_8);
        return m.decide(b, b.length, ended);
    }

    @Test
    void prefixMatchDecidesAsSoonAsItCan() {
        ReplyMatcher m = ReplyMatcher.of("HTTP/1.", false);
        assertThat(decide(m, "", false)).isEqualTo(MORE);
        assertThat(decide(m, "HT", false)).isEqualTo(MORE);
        assertThat(decide(m, "HX", false)).as("a wrong first byte decides").isEqualTo(MISMATCH);
        assertThat(decide(m, "HTTP/1.1 200 OK", false)).isEqualTo(MATCH);
        assertThat(decide(m, "HTTP/1", true)).as("too short at the end").isEqualTo(MISMATCH);
    }

    @Test
    void starAcceptsAnyByte() {
        ReplyMatcher m = ReplyMatcher.of("*", false);
        assertThat(decide(m, "", false)).isEqualTo(MORE);
        assertThat(decide(m, "\0", false)).isEqualTo(MATCH);
        assertThat(decide(m, "", true)).isEqualTo(MISMATCH);
        assertThat(decide(ReplyMatcher.of("*", true), "x", false))
                .as("also with --regex, where * alone is no valid pattern").isEqualTo(MATCH);
    }

    @Test
    void regexSearchesUnanchoredUntilTheEnd() {
        ReplyMatcher m = ReplyMatcher.of("200 (OK|Fine)", true);
        assertThat(decide(m, "HTTP/1.0 200 O", false)).isEqualTo(MORE);
        assertThat(decide(m, "HTTP/1.0 200 OK\r\n", false)).isEqualTo(MATCH);
        assertThat(decide(m, "HTTP/1.0 500 Oops", true)).isEqualTo(MISMATCH);
    }

    @Test
    void posixBracketClassesWork() {
        ReplyMatcher m = ReplyMatcher.of("^[[:digit:]]{3} [[:alpha:]]+", true);
        assertThat(decide(m, "220 ready", true)).isEqualTo(MATCH);
        // RE2/J knows POSIX bracket classes; java.util.regex read [[:digit:]] as the set :digt
        assertThat(decide(m, "dig ready", true)).isEqualTo(MISMATCH);
    }

    @Test
    void anInvalidRegexIsReportedWithPiranhasMessage() {
        assertThatThrownBy(() -> ReplyMatcher.of("(unclosed", true))
                .isInstanceOf(PatternSyntaxException.class);
        java.util.List<String> errors = new java.util.ArrayList<>();
        NannyConfig config = new NannyConfig("0.0.0.0", 80, "127.0.0.1", 1, 0, false, null,
                "(unclosed", null, true, false, false, 1000, 0, 1, 10, null);
        Check check = Check.of(config, errors);
        assertThat(errors.get(0)).startsWith("Error '").endsWith("' processing expected regular"
                + " expression");
        assertThat(check.run(System.nanoTime()).available()).isFalse();
    }

    @Test
    void failureMessagesShowWhatCameBack() {
        ReplyMatcher m = ReplyMatcher.of("HTTP", false);
        byte[] shortReply = "HT".getBytes(StandardCharsets.UTF_8);
        assertThat(m.why("10.0.0.1:80", shortReply, 2))
                .isEqualTo("READ from 10.0.0.1:80 was too short[2>=4]: got \"HT\"");
        byte[] wrong = "SSH-2.0\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(m.why("10.0.0.1:80", wrong, wrong.length)).isEqualTo("Trouble. Received"
                + " results are not what we expected from (10.0.0.1:80): got \"SSH-2.0\\r\\n\","
                + " expected \"HTTP\"");
    }
}
