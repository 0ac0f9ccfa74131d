package io.redq.bench;

import java.util.List;
import java.util.Map;

/**
 * Warms a JVM up until its JIT compiler has settled: a worker that runs for hours runs compiled
 * code, while a fresh JVM spends most of a core compiling Redisson, Netty, Jackson and redq for
 * the first few hundred thousand tasks (measured: 50 to 90 % of a core during a drain of 100,000
 * tasks after a 100,000-task warm-up; under 10 % after about 400,000). Rounds of a warm-up drain
 * run until the compiler threads ({@code C1/C2 CompilerThread}, read from {@code /proc}) used less
 * than {@value #SETTLED_PCT} % of one core during a round, or until the time cap.
 */
final class JitWarmUp {

    /** Compiler CPU, in percent of one core over a round, below which the JIT counts as settled. */
    static final double SETTLED_PCT = 5;
    /** Most rounds (a small smoke run's rounds are too short for the JIT ever to settle). */
    static final int MAX_ROUNDS = 20;

    /** One warm-up round; returns the tasks it ran. */
    interface Round {
        int run() throws Exception;
    }

    private JitWarmUp() {
    }

    /** CPU of the JIT compiler threads in a {@link CpuSampler#threadPercent} breakdown. */
    static double compilerPercent(Map<String, Double> byThread) {
        return byThread.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /**
     * Runs rounds until the JIT settled, {@code maxSeconds} passed or {@value #MAX_ROUNDS} rounds ran
     * (at least one round).
     *
     * @return the tasks run in all rounds
     */
    static long untilSettled(String who, double maxSeconds, Round round) throws Exception {
        List<Long> self = List.of(CpuSampler.selfPid());
        long start = System.nanoTime();
        long tasks = 0;
        for (int i = 1; ; i++) {
            Map<String, Long> before = CpuSampler.threadTicks(self);
            long t0 = System.nanoTime();
            tasks += round.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double jit = compilerPercent(CpuSampler.threadPercent(before, CpuSampler.threadTicks(self), seconds));
            BenchEnv.log(who + ": warm-up round " + i + " (" + tasks + " tasks so far): JIT compiler threads at "
                    + Math.round(jit) + " % of a core");
            if (jit < SETTLED_PCT) {
                return tasks;
            }
            if ((System.nanoTime() - start) / 1e9 > maxSeconds || i == MAX_ROUNDS) {
                BenchEnv.log(who + ": the JIT did not settle within " + i + " rounds (" + Math.round(maxSeconds)
                        + " s at most); measuring anyway");
                return tasks;
            }
        }
    }
}
