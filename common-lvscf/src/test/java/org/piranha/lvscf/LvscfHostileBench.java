package org.piranha.lvscf;

import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * bench/lvscf-hostile: loads each of {@link HostileInputs} at just under the size limit and prints
 * how long it took, how many errors it reported and the heap it used. Not a test.
 */
public final class LvscfHostileBench {

    private LvscfHostileBench() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--list")) {
            HostileInputs.all().keySet().forEach(System.out::println);
            return;
        }
        int size = args.length > 0 ? Integer.parseInt(args[0]) : (int) LvsConfigLoader.MAX_SIZE - 1024;
        String only = args.length > 1 ? args[1] : null;
        double worst = 0;
        String worstName = "";
        long worstHeap = 0;
        Runtime runtime = Runtime.getRuntime();
        for (Map.Entry<String, IntFunction<String>> input : HostileInputs.all().entrySet()) {
            if (only != null && !input.getKey().equals(only)) {
                continue;
            }
            String text = input.getValue().apply(size);
            System.gc();
            long before = runtime.totalMemory() - runtime.freeMemory();
            long start = System.nanoTime();
            LoadResult result = Cf.LOADER.load("lvs.cf", text);
            double ms = (System.nanoTime() - start) / 1e6;
            long heap = Math.max(0, runtime.totalMemory() - runtime.freeMemory() - before);
            System.out.printf(Locale.ROOT, "%-24s %9d chars %6.0f ms %5d diagnostics  heap +%4d MiB  %s%n",
                    input.getKey(), text.length(), ms, result.diagnostics().size(), heap >> 20,
                    result.diagnostics().isEmpty() ? "" : result.diagnostics().get(result.diagnostics().size() - 1));
            if (ms > worst) {
                worst = ms;
                worstName = input.getKey();
            }
            worstHeap = Math.max(worstHeap, heap);
        }
        System.out.printf(Locale.ROOT, "lvscf-hostile: worst_ms=%.0f worst=%s worst_heap_mib=%d size=%d%n",
                worst, worstName, worstHeap >> 20, size);
    }
}
