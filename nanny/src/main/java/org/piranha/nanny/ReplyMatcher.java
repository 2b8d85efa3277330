package org.piranha.nanny;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decides whether what a server sent so far meets the expect string. It is asked again after every
 * read, so a reply split across packets is read until the answer is known: Piranha did one read()
 * and failed a reply that arrived in two segments.
 */
abstract class ReplyMatcher {

    enum Decision { MATCH, MISMATCH, MORE }

    /**
     * Replies are read up to this size, whatever the server sends: the rest is never read. A
     * regex that has not matched by then fails.
     */
    static final int MAX_REPLY = 16 * 1024;

    /**
     * @param reply the bytes received so far
     * @param ended no more bytes will come (end of stream, or the buffer is full)
     */
    abstract Decision decide(byte[] reply, int length, boolean ended);

    /**
     * Whether {@link #decide} reads the whole reply (a regex search), so that callers should not
     * ask again after every byte of a reply that trickles in: see {@link MatchPacer}.
     */
    boolean costly() {
        return false;
    }

    /** Why a reply that was decided MISMATCH (or was cut short) failed, for the log. */
    abstract String why(String target, byte[] reply, int length);

    /** The matcher for an expect string; an invalid regex throws with Piranha's message. */
    static ReplyMatcher of(String expect, boolean regex) throws PatternSyntaxException {
        if (expect.equals("*")) {
            return new AnyReply();
        }
        return regex ? new RegexMatch(expect) : new PrefixMatch(expect);
    }

    /** Piranha's plain expect: the reply must start with the expect string. */
    static final class PrefixMatch extends ReplyMatcher {
        private final byte[] expect;

        PrefixMatch(String expect) {
            this.expect = expect.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        Decision decide(byte[] reply, int length, boolean ended) {
            int n = Math.min(length, expect.length);
            for (int i = 0; i < n; i++) {
                if (reply[i] != expect[i]) {
                    return Decision.MISMATCH;
                }
            }
            if (length >= expect.length) {
                return Decision.MATCH;
            }
            return ended ? Decision.MISMATCH : Decision.MORE;
        }

        @Override
        String why(String target, byte[] reply, int length) {
            if (length < expect.length && decide(reply, length, false) == Decision.MORE) {
                return "READ from " + target + " was too short[" + length + ">=" + expect.length
                        + "]: got \"" + Escapes.show(reply, length, 80) + "\"";
            }
            return "Trouble. Received results are not what we expected from (" + target
                    + "): got \"" + Escapes.show(reply, length, 80) + "\", expected \""
                    + Escapes.show(expect, expect.length, 80) + "\"";
        }
    }

    /** {@code expect = "*"}: any reply of at least one byte. */
    static final class AnyReply extends ReplyMatcher {
        @Override
        Decision decide(byte[] reply, int length, boolean ended) {
            if (length > 0) {
                return Decision.MATCH;
            }
            return ended ? Decision.MISMATCH : Decision.MORE;
        }

        @Override
        String why(String target, byte[] reply, int length) {
            return "READ from " + target + " returned nothing, but expect \"*\" needs a reply";
        }
    }

    /**
     * {@code --regex}: an unanchored search, as Piranha's POSIX regexec(), but with RE2/J, whose
     * time is linear in the reply: java.util.regex backtracks, and {@code (a+)+b} against a
     * reply of a few thousand {@code a} would stall the check for hours. RE2/J's syntax is a
     * superset of POSIX ERE for the patterns people write in lvs.cf, bracket classes such as
     * {@code [[:digit:]]} included; it has no back-references and no look-around (lvs.cf(5)).
     */
    static final class RegexMatch extends ReplyMatcher {
        private final Pattern pattern;
        private final String source;

        RegexMatch(String regex) {
            this.source = regex;
            this.pattern = Pattern.compile(regex);
        }

        @Override
        Decision decide(byte[] reply, int length, boolean ended) {
            byte[] input = length == reply.length ? reply : Arrays.copyOf(reply, length);
            if (pattern.matcher(input).find()) {
                return Decision.MATCH;
            }
            return ended ? Decision.MISMATCH : Decision.MORE;
        }

        @Override
        boolean costly() {
            return true;
        }

        @Override
        String why(String target, byte[] reply, int length) {
            return "Trouble. Received results are not what we expected from (" + target
                    + "): \"" + Escapes.show(reply, length, 80)
                    + "\" has no match of the regular expression \"" + source + "\"";
        }
    }
}
