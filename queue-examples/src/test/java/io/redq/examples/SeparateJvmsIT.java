package io.redq.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.redq.QueueStats;
import io.redq.core.RedQ;
import io.redq.test.JvmProcess;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the examples that need more than one JVM, or a JVM of their own: {@link WorkerApp} in two
 * child JVMs fed by {@link ProducerApp}, and the demo's answer to an unreachable {@code REDIS_URL}.
 */
@RedisTest
class SeparateJvmsIT {

    private static final int THUMBNAILS = 200;

    @Test
    void workersInTwoOtherJvmsRunEveryTaskTheProducerEnqueuedAndStopGracefullyOnSigterm(RedisEndpoint redis)
            throws InterruptedException {
        String queue = "thumbnails-" + UUID.randomUUID().toString().substring(0, 8);
        try (JvmProcess a = JvmProcess.start(WorkerApp.class, List.of(redis.url(), queue));
             JvmProcess b = JvmProcess.start(WorkerApp.class, List.of(redis.url(), queue));
             RedQ redq = RedQ.connect(redis.url())) {
            a.awaitOutput("worker ready", Duration.ofSeconds(30));
            b.awaitOutput("worker ready", Duration.ofSeconds(30));

            QueueStats after = ProducerApp.run(redq, queue, THUMBNAILS, Duration.ofSeconds(60));

            assertThat(after.pending()).isZero();
            assertThat(after.dead()).isZero();
            a.terminate(); // SIGTERM: the worker's shutdown hook stops it gracefully
            b.terminate();
            // 143 = 128 + SIGTERM: how a JVM ends on SIGTERM once its shutdown hooks have run
            assertThat(a.waitForExit(Duration.ofSeconds(30))).as("exit status of worker A").isEqualTo(143);
            assertThat(b.waitForExit(Duration.ofSeconds(30))).as("exit status of worker B").isEqualTo(143);
            Map<String, Long> runs = resized(a, b);
            assertThat(runs).as("every thumbnail was made").hasSize(THUMBNAILS);
            assertThat(runs.values()).as("and only once, as nothing failed").containsOnly(1L);
            assertThat(resized(a)).as("both workers took a share").isNotEmpty();
            assertThat(resized(b)).isNotEmpty();
            assertThat(a.outputLines()).contains("worker stopped gracefully");
            assertThat(b.outputLines()).contains("worker stopped gracefully");
            assertThat(redq.queue(queue).stats().consumers()).as("both leases released").isZero();
        }
    }

    @Test
    void demoAgainstAnUnreachableRedisUrlPrintsOneLineNamingItAndExitsNonZero() throws Exception {
        String url = "redis://127.0.0.1:" + freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Demo.class.getName()).redirectErrorStream(true);
        builder.environment().put("REDIS_URL", url);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the demo ended").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("exit status; output:%n%s", output).isNotZero();
            List<String> errors = output.lines().filter(l -> l.startsWith("error:")).toList();
            assertThat(errors).as("output:%n%s", output).hasSize(1);
            assertThat(errors.get(0)).contains("cannot connect to Redis at " + url);
            assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
        } finally {
            process.destroyForcibly();
        }
    }

    private static Map<String, Long> resized(JvmProcess... workers) {
        return java.util.Arrays.stream(workers).flatMap(w -> w.outputLines().stream())
                .filter(line -> line.startsWith("resized "))
                .map(line -> line.split(" ")[1])
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // nothing listens there once the socket is closed
        }
    }
}
