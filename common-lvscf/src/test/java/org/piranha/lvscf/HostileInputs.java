package org.piranha.lvscf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * lvs.cf files that a broken tool, a wrong path or an attacker could hand the loader, each
 * generated to a given size: the cases fuzzing found slow or large (a file of braces or NUL bytes,
 * braces nested a million deep, one huge line, an error on every line) and their relatives.
 */
final class HostileInputs {

    private HostileInputs() {}

    /** Name -> generator of about {@code size} characters. */
    static Map<String, IntFunction<String>> all() {
        Map<String, IntFunction<String>> inputs = new LinkedHashMap<>();
        inputs.put("braces", size -> "{".repeat(size));
        inputs.put("nul", size -> "\0".repeat(size));
        inputs.put("brace-lines", size -> "{\n".repeat(size / 2));
        inputs.put("nested-virtual", size -> repeatTo(size, "virtual v {\n"));
        inputs.put("nested-server", size -> "virtual v {\n" + repeatTo(size, "server s {\n"));
        inputs.put("closing-braces", size -> repeatTo(size, "}\n"));
        inputs.put("one-long-line", size -> "a".repeat(size));
        inputs.put("one-long-line-of-words", size -> repeatTo(size, "a "));
        inputs.put("long-key-with-equals", size -> "x".repeat(size - 4) + "=1\n");
        inputs.put("long-value", size -> "primary = " + "1".repeat(size));
        inputs.put("unclosed-quotes", size -> repeatTo(size, "send = \"x\n"));
        inputs.put("unknown-key-every-line", size -> repeatTo(size, "prmary = 1\n"));
        inputs.put("repeated-key", size -> "primary = 10.0.0.1\n" + repeatTo(size, "debug_level = 0\n"));
        inputs.put("many-servers", size -> "primary = 10.0.0.1\nvirtual v {\naddress = 10.0.0.100 eth0:1\n"
                + repeatTo(size, "server s {\naddress = 10.0.1.1\n}\n") + "}\n");
        inputs.put("many-bad-servers", size -> "primary = 10.0.0.1\nvirtual v {\n"
                + repeatTo(size, "server s {\nweight = -1\n}\n") + "}\n");
        inputs.put("random-bytes", size -> random(size, 15));
        return inputs;
    }

    static String repeatTo(int size, String unit) {
        return unit.repeat(Math.max(1, size / unit.length()));
    }

    private static String random(int size, long seed) {
        Random random = new Random(seed);
        char[] chars = new char[size];
        String alphabet = "{}\n =\"'#virtualserver\0\t\r0123456789.";
        for (int i = 0; i < size; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(chars);
    }
}
