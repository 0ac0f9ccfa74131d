package io.redq.bench;

import io.redq.core.RedQ;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The benchmark program of redq (issue 7). Starts a throw-away redis-server with persistence off
 * (or uses REDIS_URL), runs the chosen scenarios one after another, each bounded in time and on
 * its own queues, prints one JSON line per result on stdout and a Markdown table at the end.
 * Progress and logs go to stderr.
 *
 * <pre>
 * mvn -q -pl queue-bench exec:exec -Dbench.args="--quick"
 * </pre>
 */
public final class Bench {

    private static final Map<String, Supplier<Scenario>> SCENARIOS = Map.of(
            "enqueue", EnqueueScenario::new,
            "drain", DrainScenario::new,
            "latency", LatencyScenario::new,
            "scale", ScaleScenario::new,
            "cost", CostScenario::new,
            "priorities", PriorityScenario::new,
            "sharded", ShardedScenario::new);

    private Bench() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        List<Result> results = run(options, System.out);
        System.out.println();
        System.out.println(Result.table(results));
        System.out.flush();
        System.exit(results.stream().anyMatch(Result::isError) ? 1 : 0);
    }

    /** Runs the scenarios against a Redis of their own (or REDIS_URL); returns every result. */
    static List<Result> run(BenchOptions options, PrintStream out) {
        String url = System.getenv("REDIS_URL");
        LocalRedis local = null;
        RedisTarget target;
        if (url != null && !url.isBlank() && !RedisTarget.parse(url).isSharedLocalRedis()) {
            target = RedisTarget.parse(url);
            target = target.withPid(localPid(target));
            BenchEnv.log("using REDIS_URL " + url);
        } else {
            if (url != null && !url.isBlank()) {
                BenchEnv.log("REDIS_URL points at the shared Redis on port 6379; starting a private one instead");
            }
            local = LocalRedis.start();
            target = local.target();
            BenchEnv.log("started redis-server on port " + target.port() + " (pid " + target.pid() + ")");
        }
        try (LocalRedis ignored = local; RedQ redq = RedQ.connect(target.url()); Resp control = Resp.connect(target)) {
            BenchEnv env = new BenchEnv(options, target, redq, control, out);
            for (String name : options.scenarios()) {
                runBounded(env, name, SCENARIOS.get(name).get());
            }
            return env.results();
        }
    }

    /** Runs one scenario on its own thread; a failure or the time limit becomes an error result. */
    private static void runBounded(BenchEnv env, String name, Scenario scenario) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-" + name));
        Future<?> f = thread.submit(() -> {
            scenario.run(env);
            return null;
        });
        int limit = env.options().timeoutSeconds();
        try {
            f.get(limit, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            env.report(Result.of(name, "-").error("timed out after " + limit + " s (--timeout-seconds)"));
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            cause.printStackTrace();
            env.report(Result.of(name, "-").error(cause.toString()));
        } finally {
            thread.shutdownNow();
            try {
                thread.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The server's PID from INFO when it runs on this machine (a loopback address), else -1. */
    private static long localPid(RedisTarget target) {
        if (!target.isLoopback()) {
            return -1;
        }
        try (Resp r = Resp.connect(target)) {
            long pid = r.infoLong("server", "process_id");
            return CpuSampler.ticks(pid) >= 0 ? pid : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
