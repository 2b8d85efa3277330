package org.piranha.lvscf;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of lvs.cf into tokens as Piranha did: on spaces and tabs, except that a token
 * starting with a double or single quote runs to the matching quote (no escapes), quotes included.
 */
final class Tokenizer {

    private Tokenizer() {}

    /** The tokens of {@code text[start, end)}; never empty for a line with a non-blank character. */
    static List<String> tokens(String text, int start, int end) throws ValueType.BadValue {
        List<String> tokens = new ArrayList<>(6);
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (Lexical.isBlank(c)) {
                i++;
                continue;
            }
            int tokenStart = i;
            if (Lexical.isQuote(c)) {
                int close = i + 1;
                while (close < end && text.charAt(close) != c) {
                    close++; // not text.indexOf: on a line without the quote, it would scan the file
                }
                if (close >= end) {
                    throw new ValueType.BadValue("quotation mismatch: the " + c + " in column "
                            + (i - start + 1) + " is never closed on this line");
                }
                i = close + 1;
            } else {
                while (i < end && !Lexical.isBlank(text.charAt(i))) {
                    i++;
                }
            }
            tokens.add(text.substring(tokenStart, i));
        }
        return tokens;
    }
}
