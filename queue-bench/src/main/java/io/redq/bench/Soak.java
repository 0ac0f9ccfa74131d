package io.redq.bench;

import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.core.RedQ;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The soak run: producers enqueue at a steady rate for a set time while worker JVMs drain, and one
 * worker JVM is killed with SIGKILL and replaced every {@code --kill-every} seconds (worker 0 is
 * never killed, so its heap can be followed for the whole run). Every few seconds it samples the
 * queue, Redis' key count and {@code used_memory}, and the workers' heap after GC. At the end it
 * drains, stops the workers and reports: tasks lost (must be 0), duplicates, and any key of the
 * queue left behind (must be none).
 *
 * <pre>
 * mvn -q -pl queue-bench -am install -DskipTests
 * mvn -q -pl queue-bench exec:exec -Dbench.main=io.redq.bench.Soak -Dbench.args="--seconds 600 --rate 200"
 * </pre>
 *
 * Without {@code --redis} it starts its own redis-server (persistence off) and stops it afterwards.
 */
public final class Soak {

    private final SoakOptions options;
    private final PrintStream out;
    private final String queueName = "soak-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Child> workers = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Path logDir;
    private int started;
    private int killed;

    private Soak(SoakOptions options, PrintStream out) throws IOException {
        this.options = options;
        this.out = out;
        this.logDir = Files.createTempDirectory("redq-soak-");
    }

    /** The hash where soak workers count runs per task id. */
    static String runsKey(String queue) {
        return "soak:{" + queue + "}:runs";
    }

    public static void main(String[] args) throws Exception {
        SoakReport report = run(SoakOptions.parse(args), System.out);
        System.exit(report.passed() ? 0 : 1);
    }

    /** Runs a soak with these options, printing progress and the report; never on the shared Redis at :6379. */
    public static SoakReport run(SoakOptions options, PrintStream out) throws Exception {
        LocalRedis local = options.redisUrl() == null ? LocalRedis.start() : null;
        RedisTarget target = local != null ? local.target() : RedisTarget.parse(options.redisUrl());
        if (target.isSharedLocalRedis()) {
            throw new IllegalArgumentException("the soak run must not load the shared Redis at " + target.url());
        }
        try (LocalRedis ignored = local; RedQ redq = RedQ.connect(target.url()); Resp control = Resp.connect(target)) {
            return new Soak(options, out).soak(target, redq, control);
        }
    }

    private SoakReport soak(RedisTarget target, RedQ redq, Resp control) throws Exception {
        TaskQueue queue = redq.queue(queueName);
        out.printf("soak: queue %s, %d s at %d tasks/s, %d worker JVMs x %d, one killed every %d s; worker logs in %s (deleted if it passes)%n",
                queueName, options.seconds(), options.rate(), options.workers(), options.concurrency(),
                options.killEverySeconds(), logDir);
        Thread hook = new Thread(() -> workers.forEach(Child::kill), "soak-children-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (int i = 0; i < options.workers(); i++) {
                workers.add(startWorker(target));
            }
            for (Child w : workers) {
                w.awaitReady();
            }
            SteadyProducer producer = new SteadyProducer(queue, options.rate(), options.taskMillis());
            producer.start();
            long t0 = System.nanoTime();
            long nextKill = t0 + TimeUnit.SECONDS.toNanos(options.killEverySeconds());
            long nextSample = t0;
            long end = t0 + TimeUnit.SECONDS.toNanos(options.seconds());
            int victim = 1;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now >= nextSample) {
                    sample(queue, control, (now - t0) / 1_000_000_000L, producer.acknowledged());
                    nextSample += TimeUnit.SECONDS.toNanos(options.sampleEverySeconds());
                }
                if (now >= nextKill && workers.size() > 1) {
                    int index = 1 + (victim++ - 1) % (workers.size() - 1); // worker 0 is never killed
                    workers.get(index).kill9();
                    killed++;
                    Child fresh = startWorker(target);
                    workers.set(index, fresh);
                    fresh.awaitReady();
                    nextKill += TimeUnit.SECONDS.toNanos(options.killEverySeconds());
                }
                Thread.sleep(50);
            }
            Set<String> acknowledged = producer.stop();
            out.printf("soak: producing stopped after %d s; %d enqueued (%d enqueue calls failed); draining%n",
                    (System.nanoTime() - t0) / 1_000_000_000L, acknowledged.size(), producer.failures());
            return finish(queue, redq, control, acknowledged, producer.failures(), t0);
        } finally {
            workers.forEach(Child::kill);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private SoakReport finish(TaskQueue queue, RedQ redq, Resp control, Set<String> acknowledged, long failures,
                              long t0) throws Exception {
        long leaseMs = TimeUnit.SECONDS.toMillis(options.leaseSeconds());
        // Recovery of the last killed worker takes a lease and a beat; forgetting it one more lease.
        awaitTrue(() -> queue.stats().pending() == 0, 60_000 + 3 * leaseMs);
        awaitTrue(() -> queue.stats().consumers() == workers.size(), 30_000 + 4 * leaseMs);
        sample(queue, control, (System.nanoTime() - t0) / 1_000_000_000L, acknowledged.size());
        for (Child w : workers) {
            w.stop();
        }
        Map<String, String> runs = redq.redisson().<String, String>getMap(runsKey(queueName),
                org.redisson.client.codec.StringCodec.INSTANCE).readAllMap();
        long lost = acknowledged.stream().filter(id -> !runs.containsKey(id)).count();
        long duplicates = runs.values().stream().mapToLong(n -> Long.parseLong(n) - 1).sum();
        long unknown = runs.keySet().stream().filter(id -> !acknowledged.contains(id)).count();
        Set<String> leftover = new TreeSet<>(queueKeys(control));
        leftover.remove(runsKey(queueName));
        leftover.remove("redq:{" + queueName + "}:completed"); // the queue's count of completed tasks: kept
        Sample last = samples.get(samples.size() - 1);
        SoakReport report = new SoakReport(acknowledged.size(), failures, lost, duplicates, unknown, started, killed,
                List.copyOf(leftover), List.copyOf(samples), heapOf(workers.get(0)));
        out.println(report.summary());
        out.printf("soak: last sample: %s%n", last);
        control.call("DEL", runsKey(queueName));
        if (report.passed()) {
            deleteLogs();
        } else {
            out.println("soak: worker logs kept in " + logDir);
        }
        return report;
    }

    private void deleteLogs() {
        try (var files = Files.walk(logDir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            out.println("soak: could not delete " + logDir + ": " + e);
        }
    }

    private void sample(TaskQueue queue, Resp control, long second, long acknowledged) {
        QueueStats stats = queue.stats();
        Map<String, String> memory = control.info("memory");
        long runsBytes = memoryUsage(control, runsKey(queueName));
        List<Long> heaps = workers.stream().map(Child::heapAfterGc).toList();
        Sample s = new Sample(second, acknowledged, stats.ready(), stats.active(), stats.consumers(),
                (Long) control.call("DBSIZE"), queueKeys(control).size() - (runsBytes > 0 ? 1 : 0),
                Long.parseLong(memory.get("used_memory")), runsBytes, heaps);
        samples.add(s);
        out.println("soak: " + s);
    }

    /** Every key with the queue's hash tag, by SCAN (the run counts included). */
    private Set<String> queueKeys(Resp control) {
        Set<String> keys = new HashSet<>();
        String cursor = "0";
        do {
            List<?> reply = (List<?>) control.call("SCAN", cursor, "MATCH", "*{" + queueName + "}*", "COUNT", "1000");
            cursor = (String) reply.get(0);
            for (Object k : (List<?>) reply.get(1)) {
                keys.add((String) k);
            }
        } while (!cursor.equals("0"));
        return keys;
    }

    private static long memoryUsage(Resp control, String key) {
        Object bytes = control.call("MEMORY", "USAGE", key, "SAMPLES", "0"); // exact: every field counted
        return bytes == null ? 0 : (Long) bytes;
    }

    private static List<Long> heapOf(Child steady) {
        return List.copyOf(steady.heapHistory);
    }

    private Child startWorker(RedisTarget target) throws IOException {
        started++;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty(ChildJvms.CLASSPATH_PROPERTY, System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", cp,
                SoakWorker.class.getName(), target.url(), queueName, String.valueOf(options.concurrency()),
                String.valueOf(options.leaseSeconds()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(logDir.resolve("worker-" + started + ".log").toFile()));
        return new Child(pb.start(), started);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, long timeoutMs) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return; // the report shows what is left
            }
            Thread.sleep(200);
        }
    }

    /** One sample of the run. */
    record Sample(long second, long enqueued, long ready, long active, long consumers, long dbsize, long queueKeys,
                  long usedMemory, long runsHashBytes, List<Long> workerHeapAfterGc) {
        @Override
        public String toString() {
            return String.format("t=%ds enqueued=%d ready=%d active=%d consumers=%d dbsize=%d queueKeys=%d "
                            + "used_memory=%d (without the run counts: %d) workerHeapAfterGcMiB=%s", second, enqueued,
                    ready, active, consumers, dbsize, queueKeys, usedMemory, usedMemory - runsHashBytes,
                    workerHeapAfterGc.stream().map(b -> b < 0 ? "-" : String.valueOf(b / (1024 * 1024))).toList());
        }
    }

    /** A worker JVM and what it printed. */
    private static final class Child {
        private final Process process;
        private final int number;
        private final List<Long> heapHistory = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean ready;
        private volatile boolean ended;

        Child(Process process, int number) {
            this.process = process;
            this.number = number;
            Thread reader = new Thread(this::read, "soak-worker-" + number);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        ready = true;
                    } else if (line.startsWith("HEAP ")) {
                        heapHistory.add(Long.parseLong(line.substring(5).trim()));
                    }
                }
            } catch (IOException | NumberFormatException ignored) {
                // the worker is gone
            }
            ended = true;
        }

        void awaitReady() throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!ready) {
                if (ended || System.nanoTime() > end) {
                    throw new IllegalStateException("soak worker " + number + " did not start (see its log)");
                }
                Thread.sleep(20);
            }
        }

        long heapAfterGc() {
            synchronized (heapHistory) {
                return heapHistory.isEmpty() ? -1 : heapHistory.get(heapHistory.size() - 1);
            }
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            process.toHandle().destroy(); // SIGTERM: graceful stop
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill9();
            }
        }

        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
