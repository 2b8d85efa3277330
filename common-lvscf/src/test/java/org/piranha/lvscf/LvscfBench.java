package org.piranha.lvscf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * bench/lvscf: parse, validate, write and diff a generated lvs.cf of 1,000 virtual services with
 * 10 real servers each, warm, and print the medians. Not a test: run it with bench/lvscf.
 */
public final class LvscfBench {

    private static final int SERVICES = 1000;
    private static final int SERVERS = 10;
    private static final int WARMUP = 30;
    private static final int RUNS = 21;

    private LvscfBench() {}

    public static void main(String[] args) {
        String text = generate(SERVICES, SERVERS);
        LvsConfigParser parser = LvsConfigParser.standard();
        LvsConfig config = parser.parse("lvs.cf", text).config().orElseThrow();
        SourceMap lines = parser.parse("lvs.cf", text).sourceMap();
        check(LvsConfigValidator.validate(config, lines).isEmpty(), "the generated config has diagnostics");
        check(config.services().size() == SERVICES && config.activeServerCount() == SERVICES * SERVERS,
                "unexpected size");
        LvsConfig changed = changeEveryTenthService(config);

        for (int i = 0; i < WARMUP; i++) {
            parser.parse("lvs.cf", text);
            LvsConfigValidator.validate(config, lines);
            LvsConfigWriter.write(config);
            ConfigDiff.between(config, changed);
        }
        double parse = median(() -> parser.parse("lvs.cf", text));
        double validate = median(() -> LvsConfigValidator.validate(config, lines));
        LvsConfigLoader loader = LvsConfigLoader.with(parser);
        double load = median(() -> loader.load("lvs.cf", text));
        double write = median(() -> LvsConfigWriter.write(config));
        double diff = median(() -> ConfigDiff.between(config, changed));
        long lineCount = text.chars().filter(c -> c == '\n').count();

        System.out.printf(Locale.ROOT, "input: %d services x %d real servers, %d lines, %d bytes%n",
                SERVICES, SERVERS, lineCount, text.length());
        System.out.printf(Locale.ROOT, "median of %d warm runs (after %d warm-up rounds):%n", RUNS, WARMUP);
        System.out.printf(Locale.ROOT, "  parse     %8.2f ms%n", parse);
        System.out.printf(Locale.ROOT, "  validate  %8.2f ms%n", validate);
        System.out.printf(Locale.ROOT, "  load      %8.2f ms  (parse + validate, as a daemon reads lvs.cf)%n", load);
        System.out.printf(Locale.ROOT, "  write     %8.2f ms%n", write);
        System.out.printf(Locale.ROOT, "  diff      %8.2f ms  (100 services changed)%n", diff);
        System.out.printf(Locale.ROOT, "lvscf: parse_ms=%.2f validate_ms=%.2f load_ms=%.2f write_ms=%.2f diff_ms=%.2f"
                + " services=%d servers=%d lines=%d target_parse_ms=200%n",
                parse, validate, load, write, diff, SERVICES, SERVICES * SERVERS, lineCount);
    }

    /** A GUI-like lvs.cf: every service active, with checks, persistence and ten servers. */
    static String generate(int services, int servers) {
        StringBuilder out = new StringBuilder(services * servers * 110);
        out.append("""
                serial_no = 7
                primary = 10.0.0.11
                primary_private = 192.168.100.11
                service = lvs
                backup_active = 1
                backup = 10.0.0.12
                backup_private = 192.168.100.12
                heartbeat = 1
                heartbeat_port = 539
                keepalive = 0.5
                deadtime = 2
                network = nat
                nat_router = 192.168.10.254 eth1:1
                nat_nmask = 255.255.0.0
                syncdaemon = 1
                """);
        for (int v = 0; v < services; v++) {
            out.append("\nvirtual svc").append(v).append(" {\n")
                    .append("     active = 1\n")
                    .append("     address = 10.").append(1 + v / 250).append('.').append(v % 250).append(".1 eth0:")
                    .append(v).append('\n')
                    .append("     vip_nmask = 255.255.255.0\n")
                    .append("     port = ").append(v % 2 == 0 ? "http" : "443").append('\n')
                    .append("     persistent = 300\n")
                    .append("     pmask = 255.255.255.0\n")
                    .append("     send = \"GET / HTTP/1.0\\r\\n\\r\\n\"\n")
                    .append("     expect = \"HTTP/1.[01] 200\"\n")
                    .append("     use_regex = 1\n")
                    .append("     load_monitor = none\n")
                    .append("     scheduler = wlc\n")
                    .append("     protocol = tcp\n")
                    .append("     timeout = 6\n")
                    .append("     reentry = 15\n")
                    .append("     quiesce_server = 0\n");
            for (int s = 0; s < servers; s++) {
                out.append("\n     server rs").append(s).append(" {\n")
                        .append("         address = 192.168.").append(v % 250).append('.').append(10 + s + (v / 250) * 20)
                        .append('\n')
                        .append("         active = 1\n")
                        .append("         port = 0x1F90\n")
                        .append("         weight = ").append(1 + s).append('\n')
                        .append("     }\n");
            }
            out.append("}\n");
        }
        return out.toString();
    }

    private static LvsConfig changeEveryTenthService(LvsConfig config) {
        List<VirtualService> services = new ArrayList<>();
        for (int i = 0; i < config.services().size(); i++) {
            VirtualService s = config.services().get(i);
            services.add(i % 10 == 0 ? s.toBuilder().scheduler("rr").reentry(30).build() : s);
        }
        return new LvsConfig(config.globals(), services);
    }

    private static double median(Supplier<?> work) {
        double[] millis = new double[RUNS];
        Object sink = null;
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            sink = work.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        check(sink != null, "no result");
        Arrays.sort(millis);
        return millis[RUNS / 2];
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
