package io.redq.bench;

import io.redq.QueueOptions;
import io.redq.TaskQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The multi-JVM drain: pauses a pre-loaded queue, starts worker JVMs ({@link DrainWorker}) on it,
 * waits for each to warm up, start its worker and print READY, then resumes the queue and times
 * until the queue's counts show nothing ready or active. Children are stopped with SIGTERM (graceful stop), killed if they hang, and by
 * a shutdown hook if the benchmark itself is cut short.
 */
final class ChildJvms {

    /** System property naming the classpath for child JVMs (default: this JVM's java.class.path). */
    static final String CLASSPATH_PROPERTY = "redq.bench.classpath";
    /** JVM options for every worker JVM (space-separated), e.g. a flight recording; see BENCHMARKS.md. */
    static final String CHILD_JVM_ARGS_PROPERTY = "bench.childJvmArgs";

    private ChildJvms() {
    }

    static Drains.Run drain(BenchEnv env, String queue, int n, int jvms, int concurrency) throws Exception {
        TaskQueue q = env.queue(queue, QueueOptions.defaults());
        q.pause(); // the worker JVMs start their workers paused; the clock starts with resume()
        List<Child> children = new ArrayList<>();
        Thread hook = new Thread(() -> children.forEach(Child::kill), "bench-children-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (int i = 0; i < jvms; i++) {
                int warmup = (int) Math.min(n / jvms, Drains.WARMUP_ROUND_TASKS / 2); // per round
                children.add(Child.start(env.target().url(), queue, concurrency, warmup,
                        env.options().warmupSeconds()));
            }
            for (Child c : children) {
                c.await("READY", env.options().warmupSeconds() + 120);
            }
            CpuSampler redisCpu = CpuSampler.start(env.redisPids());
            CpuSampler childCpu = CpuSampler.start(children.stream().map(c -> c.process.pid()).toList());
            CpuSampler machineCpu = CpuSampler.machine();
            List<Long> pids = children.stream().map(c -> c.process.pid()).toList();
            java.util.Map<String, Long> threadsBefore = CpuSampler.threadTicks(pids);
            long t0 = System.nanoTime();
            q.resume();
            BenchEnv.awaitEmpty(q, BenchEnv.deadlineFor(n));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double redis = redisCpu.percent();
            double workers = childCpu.percent();
            double machine = machineCpu.percent();
            java.util.Map<String, Double> threads = CpuSampler.threadPercent(threadsBefore,
                    CpuSampler.threadTicks(pids), seconds);
            BenchEnv.log("drain: CPU of the worker JVMs' threads, % of one core: " + threads);
            long handled = 0;
            for (Child c : children) {
                handled += c.stop();
            }
            return new Drains.Run(n, seconds, handled, redis, workers, machine, JitWarmUp.compilerPercent(threads));
        } finally {
            q.resume();
            children.forEach(Child::kill);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    /** One worker JVM and the lines it prints. */
    private static final class Child {
        private static final java.util.concurrent.atomic.AtomicInteger SEQ = new java.util.concurrent.atomic.AtomicInteger();

        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(this::readLines, "bench-child-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String url, String queue, int concurrency, int warmup, int warmupSeconds)
                throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty(CLASSPATH_PROPERTY, System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
            // -Dbench.childJvmArgs="..." reaches every worker JVM, e.g. a flight recording to profile it;
            // {pid} in it becomes the benchmark JVM's pid and a sequence number, one file per child
            String extra = System.getProperty(CHILD_JVM_ARGS_PROPERTY, "").trim();
            if (!extra.isEmpty()) {
                String unique = ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
                for (String arg : extra.split("\\s+")) {
                    command.add(arg.replace("{pid}", unique));
                }
            }
            command.addAll(List.of("-cp", cp, DrainWorker.class.getName(), url, queue, String.valueOf(concurrency),
                    String.valueOf(warmup), String.valueOf(warmupSeconds)));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            return new Child(pb.start());
        }

        private void readLines() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
            lines.add("EOF");
        }

        /** Waits for a line starting with the prefix; returns it. */
        String await(String prefix, int seconds) throws TimeoutException, InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null || line.equals("EOF")) {
                    throw new TimeoutException("worker JVM " + process.pid() + " did not print " + prefix
                            + " within " + seconds + " s" + (process.isAlive() ? "" : " (it exited)"));
                }
            }
        }

        /** SIGTERM, wait for the graceful stop; returns how many tasks the child's handler ran. */
        long stop() throws Exception {
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout
            String handled = await("HANDLED ", 30);
            process.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(handled.substring("HANDLED ".length()).trim());
        }

        void kill() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
