package org.piranha.lvscf;

/**
 * What a value must look like to be written to lvs.cf and read back unchanged. The model's
 * constructors use these checks, so every config the model can hold survives a round trip.
 */
final class Lexical {

    private Lexical() {}

    static boolean isQuote(char c) {
        return c == '"' || c == '\'';
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * A single token as the tokenizer returns it: either a bare word (no blanks, not starting
     * with a quote) or a quoted string that starts and ends with the same quote and does not
     * contain it in between.
     */
    static boolean isToken(String s) {
        if (s.isEmpty() || hasLineBreak(s)) {
            return false;
        }
        char first = s.charAt(0);
        if (!isQuote(first)) {
            return isBareWord(s);
        }
        return s.length() >= 2 && s.charAt(s.length() - 1) == first && s.indexOf(first, 1) == s.length() - 1;
    }

    /** A token that needs no quotes: no blanks, no line breaks, not starting with a quote. */
    static boolean isBareWord(String s) {
        if (s.isEmpty() || isQuote(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isBlank(c) || c == '\n' || c == '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * A string value whose quotes the parser strips (active_cmd, syncd_iface, ...): writable if it
     * is a bare word, or if one of the two quote characters does not occur in it.
     */
    static boolean isWritableString(String s) {
        if (hasLineBreak(s)) {
            return false;
        }
        return isBareWord(s) || s.indexOf('"') < 0 || s.indexOf('\'') < 0;
    }

    /** The token that reads back as {@code s} once its quotes are stripped. */
    static String quoteIfNeeded(String s) {
        if (isBareWord(s)) {
            return s;
        }
        char quote = s.indexOf('"') < 0 ? '"' : '\'';
        return quote + s + quote;
    }

    /** Removes one pair of surrounding quotes, as the parser does for most keys. */
    static String stripQuotes(String token) {
        if (token.length() >= 2 && isQuote(token.charAt(0))) {
            return token.substring(1, token.length() - 1);
        }
        return token;
    }

    /**
     * Removes one leading and one trailing double quote, as Piranha's lvsd did before handing
     * send, expect and send_program to nanny (single quotes survive).
     */
    static String stripDoubleQuotes(String value) {
        int start = value.startsWith("\"") ? 1 : 0;
        int end = value.length() > start && value.endsWith("\"") ? value.length() - 1 : value.length();
        return value.substring(start, end);
    }

    static String requireToken(String what, String s) {
        if (!isToken(s)) {
            throw new IllegalArgumentException(what + " cannot be written to lvs.cf as one token: " + s);
        }
        return s;
    }

    static String requireBareWord(String what, String s) {
        if (!isBareWord(s)) {
            throw new IllegalArgumentException(what + " must be a word without blanks or quotes: " + s);
        }
        return s;
    }

    static String requireWritable(String what, String s) {
        if (!isWritableString(s)) {
            throw new IllegalArgumentException(what + " cannot be written to lvs.cf: " + s);
        }
        return s;
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }
}
