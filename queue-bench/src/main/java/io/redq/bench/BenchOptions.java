package io.redq.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's command line: which scenarios and at what sizes. Defaults are the sizes of
 * issue 7; {@code --quick} shrinks them for a run of about a minute; any explicit option wins.
 */
record BenchOptions(List<String> scenarios, int n, int scaleN, int costN, int rate, double latencySeconds,
                    double idleSeconds, int jvms, int jvmConcurrency, List<Integer> concurrencies,
                    int payloadBytes, int timeoutSeconds, int warmupSeconds) {

    static final List<String> ALL = List.of("enqueue", "drain", "latency", "scale", "cost", "priorities",
            "sharded");

    static final String USAGE = """
            usage: Bench [--quick] [--scenarios enqueue,drain,latency,scale,cost,priorities,sharded]
                         [--n 100000] [--scale-n 1000000] [--cost-n 20000] [--rate 5000]
                         [--latency-seconds 20] [--idle-seconds 10] [--jvms 4] [--jvm-concurrency 50]
                         [--concurrency 1,10,50,100] [--payload-bytes 100] [--timeout-seconds 600]
                         [--warmup-seconds 120]
            Uses REDIS_URL if set (never the shared Redis on loopback:6379), else starts redis-server.""";

    static BenchOptions parse(String... rawArgs) {
        List<String> args = new ArrayList<>();
        for (String a : rawArgs) {
            args.addAll(Arrays.asList(a.trim().split("\\s+")));
        }
        args.removeIf(String::isEmpty);
        Map<String, String> given = new HashMap<>();
        boolean quick = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--quick")) {
                quick = true;
            } else if (a.startsWith("--") && i + 1 < args.size()) {
                given.put(a.substring(2), args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown or incomplete argument '" + a + "'\n" + USAGE);
            }
        }
        return build(given, quick);
    }

    private static BenchOptions build(Map<String, String> g, boolean quick) {
        List<String> scenarios = List.of(g.getOrDefault("scenarios", String.join(",", ALL)).split(","));
        for (String s : scenarios) {
            if (!ALL.contains(s)) {
                throw new IllegalArgumentException("unknown scenario '" + s + "'; known: " + ALL);
            }
        }
        List<Integer> conc = new ArrayList<>();
        for (String c : g.getOrDefault("concurrency", "1,10,50,100").split(",")) {
            conc.add(positive("concurrency", c));
        }
        BenchOptions o = new BenchOptions(scenarios,
                positive("n", g.getOrDefault("n", quick ? "20000" : "100000")),
                positive("scale-n", g.getOrDefault("scale-n", quick ? "20000" : "1000000")),
                positive("cost-n", g.getOrDefault("cost-n", quick ? "5000" : "20000")),
                positive("rate", g.getOrDefault("rate", "5000")),
                seconds("latency-seconds", g.getOrDefault("latency-seconds", quick ? "3" : "20")),
                seconds("idle-seconds", g.getOrDefault("idle-seconds", quick ? "5" : "10")),
                positive("jvms", g.getOrDefault("jvms", "4")),
                positive("jvm-concurrency", g.getOrDefault("jvm-concurrency", "50")),
                List.copyOf(conc),
                positive("payload-bytes", g.getOrDefault("payload-bytes", "100")),
                positive("timeout-seconds", g.getOrDefault("timeout-seconds", "600")),
                positive("warmup-seconds", g.getOrDefault("warmup-seconds", quick ? "20" : "120")));
        g.keySet().removeAll(List.of("scenarios", "n", "scale-n", "cost-n", "rate", "latency-seconds",
                "idle-seconds", "jvms", "jvm-concurrency", "concurrency", "payload-bytes", "timeout-seconds",
                "warmup-seconds"));
        if (!g.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + g.keySet() + "\n" + USAGE);
        }
        return o;
    }

    private static int positive(String name, String value) {
        try {
            int v = Integer.parseInt(value.replace("_", ""));
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive whole number, was '" + value + "'");
    }

    private static double seconds(String name, String value) {
        try {
            double v = Double.parseDouble(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive number of seconds, was '" + value + "'");
    }
}
