package io.redq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.redq.DeadLetter;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

/** Each command of the tool against a real Redis: its output, its JSON and its exit code. */
@RedisTest
class RedqCliIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedQ redq;
    private Cli cli;
    private String url;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        url = redis.url();
        redq = RedQ.connect(url);
        cli = new Cli(url);
    }

    @AfterEach
    void close() {
        redq.close();
    }

    @Test
    void queuesListsTheRegistryWithCounts() {
        String prefix = "it-cli-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(cli.run("--prefix", prefix, "queues").out()).contains("no queues registered");
        try (RedQ own = RedQ.builder().url(url).keyPrefix(prefix).build()) {
            own.queue("mail").producer().enqueueAll("job", List.of(new Job(1), new Job(2), new Job(3)));
            own.queue("reports").pause();

            Cli.Result table = cli.run("--prefix", prefix, "queues");
            assertThat(table.code()).as(table.toString()).isZero();
            assertThat(table.out().lines().toList()).hasSize(3);
            assertThat(table.out()).containsPattern("QUEUE +READY +ACTIVE +DELAYED +DEAD +WORKERS +PAUSED")
                    .containsPattern("mail +3 +0 +0 +0 +0 +no").containsPattern("reports +0 +0 +0 +0 +0 +yes");

            JsonNode json = cli.run("--prefix", prefix, "--json", "queues").json();
            assertThat(json).hasSize(2);
            assertThat(json.get(0).get("queue").asText()).isEqualTo("mail");
            assertThat(json.get(0).get("ready").asLong()).isEqualTo(3);
            assertThat(json.get(1).get("paused").asBoolean()).isTrue();
        }
    }

    @Test
    void statsShowsTheCountsOfOneQueueAndUnknownQueuesAreNotFound() {
        TaskQueue q = redq.queue(Cli.queueName("stats"));
        q.producer().enqueueAll("job", List.of(new Job(1), new Job(2)));

        Cli.Result human = cli.run("stats", q.name());
        assertThat(human.code()).as(human.toString()).isZero();
        assertThat(human.out()).containsPattern("ready +2").containsPattern("paused +no").contains(q.name());
        JsonNode json = cli.run("stats", q.name(), "--json").json();
        assertThat(json.get("ready").asLong()).isEqualTo(2);
        assertThat(json.get("dead").asLong()).isZero();

        Cli.Result unknown = cli.run("stats", Cli.queueName("nowhere"));
        assertThat(unknown.code()).isEqualTo(RedqCli.EXIT_NOT_FOUND);
        assertThat(unknown.err()).contains("not found");
        String sharded = Cli.queueName("sharded");
        redq.queue(sharded, io.redq.QueueOptions.builder().shards(3).build()).pause(); // registers the shards
        Cli.Result whole = cli.run("stats", sharded);
        assertThat(whole.code()).isEqualTo(RedqCli.EXIT_NOT_FOUND);
        assertThat(whole.err()).contains("queue '" + sharded + "' is a sharded queue: its 3 shards are the queues '"
                + sharded + "#0' to '" + sharded + "#2'");
        assertThat(cli.run("stats", sharded + "#1").out()).containsPattern("paused +yes");
        Cli.Result invalid = cli.run("stats", "bad{name}");
        assertThat(invalid.code()).isEqualTo(RedqCli.EXIT_USAGE);
        assertThat(invalid.err()).contains("braces");
    }

    @Test
    void deadListAndShowFilterPageAndFindRecords() throws Exception {
        TaskQueue q = redq.queue(Cli.queueName("dead-list"));
        List<String> ioIds = q.producer().enqueueAll("io", List.of(new Job(1), new Job(2), new Job(3)));
        q.producer().enqueueAll("state", List.of(new Job(4), new Job(5)));
        deadLetterAll(q, 5);

        Cli.Result all = cli.run("dead", "list", q.name());
        assertThat(all.code()).as(all.toString()).isZero();
        assertThat(all.out()).containsPattern("ID +TYPE +PRIORITY +REASON +ERROR +ATTEMPTS +FAILED AT")
                .contains("IOException: io 1").contains("IllegalStateException: state 4")
                .contains("5 records in the dead-letter queue");
        assertThat(cli.run("--json", "dead", "list", q.name()).json()).hasSize(5);
        assertThat(cli.run("--json", "dead", "list", q.name(), "--type", "io").json()).hasSize(3);
        JsonNode state = cli.run("--json", "dead", "list", q.name(), "--error-class", "java.lang.IllegalStateException")
                .json();
        assertThat(state).hasSize(2);
        assertThat(state.get(0).get("reason").asText()).isEqualTo("failed");
        assertThat(cli.run("--json", "dead", "list", q.name(), "--limit", "2").json()).hasSize(2);
        assertThat(cli.run("--json", "dead", "list", q.name(), "--limit", "2", "--offset", "4").json()).hasSize(1);

        Cli.Result none = cli.run("dead", "list", q.name(), "--type", "nope");
        assertThat(none.code()).isEqualTo(RedqCli.EXIT_NOT_FOUND);
        assertThat(none.err()).contains("no dead-letter records").contains("type=nope");
        assertThat(cli.run("dead", "list", q.name(), "--limit", "0").code()).isEqualTo(RedqCli.EXIT_USAGE);

        Cli.Result show = cli.run("dead", "show", q.name(), "--id", ioIds.get(0));
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).contains(ioIds.get(0)).containsPattern("error class +java.io.IOException")
                .contains("{\"n\":1}").contains("stack head");
        JsonNode full = cli.run("--json", "dead", "show", q.name(), "--id", ioIds.get(0)).json();
        assertThat(full.get("envelope").get("payload").get("n").asInt()).isEqualTo(1);
        assertThat(full.get("errorMessage").asText()).isEqualTo("io 1");
        assertThat(full.get("stackHead").asText()).contains("IOException");

        assertThat(cli.run("dead", "show", q.name(), "--id", "no-such-id").code()).isEqualTo(RedqCli.EXIT_NOT_FOUND);
        assertThat(cli.run("dead", "show", q.name()).code()).isEqualTo(RedqCli.EXIT_USAGE);
    }

    @Test
    void deadRequeueByIdAndAllWithConfirmation() throws Exception {
        TaskQueue q = redq.queue(Cli.queueName("dead-requeue"));
        List<String> ids = q.producer().enqueueAll("io", List.of(new Job(1), new Job(2), new Job(3), new Job(4)));
        deadLetterAll(q, 4);

        Cli.Result ambiguous = cli.run("dead", "requeue", q.name(), "--id", ids.get(0));
        assertThat(ambiguous.code()).as(ambiguous.toString()).isEqualTo(RedqCli.EXIT_USAGE);
        assertThat(ambiguous.err()).contains("--levels 1");
        assertThat(q.stats().dead()).isEqualTo(4);

        Cli.Result one = cli.run("dead", "requeue", q.name(), "--id", ids.get(0), "--levels", "1");
        assertThat(one.code()).as(one.toString()).isZero();
        assertThat(one.out()).contains("requeued 1 record(s)");
        assertThat(q.stats().ready()).isEqualTo(1);
        // the ready list now exists, so the levels are known
        Cli.Result missing = cli.run("--json", "dead", "requeue", q.name(), "--id", ids.get(0));
        assertThat(missing.code()).isEqualTo(RedqCli.EXIT_NOT_FOUND);
        assertThat(missing.json().get("requeued").asLong()).isZero();
        assertThat(cli.run("dead", "requeue", q.name(), "--levels", "3", "--id", ids.get(1)).code())
                .as("--levels that contradict the keys").isEqualTo(RedqCli.EXIT_USAGE);

        Cli.Result noAnswer = cli.run("dead", "requeue", q.name(), "--all");
        assertThat(noAnswer.code()).isEqualTo(RedqCli.EXIT_NOT_CONFIRMED);
        assertThat(noAnswer.err()).contains("Requeue all dead-letter records").contains("--yes");
        assertThat(cli.input("no\n", "dead", "requeue", q.name(), "--all").code()).isEqualTo(RedqCli.EXIT_NOT_CONFIRMED);
        assertThat(q.stats().dead()).isEqualTo(3);

        Cli.Result limited = cli.input("yes\n", "dead", "requeue", q.name(), "--all", "--limit", "1");
        assertThat(limited.code()).as(limited.toString()).isZero();
        assertThat(q.stats().dead()).isEqualTo(2);
        assertThat(cli.run("dead", "requeue", q.name(), "--all", "--type", "other", "--yes").code())
                .isEqualTo(RedqCli.EXIT_NOT_FOUND);
        JsonNode rest = cli.run("--json", "dead", "requeue", q.name(), "--all", "--yes", "--type", "io").json();
        assertThat(rest.get("requeued").asLong()).isEqualTo(2);
        assertThat(q.stats().dead()).isZero();
        assertThat(q.stats().ready()).isEqualTo(4);
        assertThat(cli.run("dead", "requeue", q.name(), "--all", "--yes").code()).isEqualTo(RedqCli.EXIT_NOT_FOUND);

        assertThat(cli.run("dead", "requeue", q.name()).code()).isEqualTo(RedqCli.EXIT_USAGE);
        assertThat(cli.run("dead", "requeue", q.name(), "--id", "x", "--type", "io").code()).isEqualTo(RedqCli.EXIT_USAGE);
    }

    @Test
    void deadDeleteAndPurgeAskForConfirmationUnlessYes() throws Exception {
        TaskQueue q = redq.queue(Cli.queueName("dead-delete"));
        List<String> io = q.producer().enqueueAll("io", List.of(new Job(1), new Job(2), new Job(3)));
        q.producer().enqueueAll("state", List.of(new Job(4), new Job(5), new Job(6)));
        deadLetterAll(q, 6);

        assertThat(cli.input("no\n", "dead", "delete", q.name(), "--id", io.get(0)).code())
                .isEqualTo(RedqCli.EXIT_NOT_CONFIRMED);
        Cli.Result one = cli.input("y\n", "dead", "delete", q.name(), "--id", io.get(0));
        assertThat(one.code()).as(one.toString()).isZero();
        assertThat(one.out()).contains("deleted 1 record(s)");
        assertThat(cli.run("dead", "delete", q.name(), "--id", io.get(0), "--yes").code())
                .isEqualTo(RedqCli.EXIT_NOT_FOUND);

        JsonNode byClass = cli.run("--json", "dead", "delete", q.name(), "--all", "--yes",
                "--error-class", "java.lang.IllegalStateException").json();
        assertThat(byClass.get("deleted").asLong()).isEqualTo(3);
        assertThat(q.deadLetters().list(0, 10)).extracting(DeadLetter::taskId)
                .containsExactlyInAnyOrder(io.get(1), io.get(2));

        Cli.Result refused = cli.run("dead", "purge", q.name());
        assertThat(refused.code()).isEqualTo(RedqCli.EXIT_NOT_CONFIRMED);
        assertThat(refused.err()).contains("Purge all 2 dead-letter records");
        assertThat(q.stats().dead()).isEqualTo(2);
        Cli.Result purged = cli.run("dead", "purge", q.name(), "--yes");
        assertThat(purged.code()).as(purged.toString()).isZero();
        assertThat(purged.out()).contains("deleted 2 record(s)");
        assertThat(q.stats().dead()).isZero();
        assertThat(cli.run("dead", "purge", q.name(), "--yes").code()).isEqualTo(RedqCli.EXIT_NOT_FOUND);
    }

    @Test
    void pauseAndResume() {
        TaskQueue q = redq.queue(Cli.queueName("pause"));
        q.producer().enqueue("job", new Job(1));

        Cli.Result paused = cli.run("pause", q.name());
        assertThat(paused.code()).as(paused.toString()).isZero();
        assertThat(paused.out()).contains("paused");
        assertThat(q.isPaused()).isTrue();
        assertThat(cli.run("stats", q.name()).out()).containsPattern("paused +yes");

        JsonNode resumed = cli.run("--json", "resume", q.name()).json();
        assertThat(resumed.get("paused").asBoolean()).isFalse();
        assertThat(q.isPaused()).isFalse();
        assertThat(cli.run("pause", Cli.queueName("nowhere")).code()).isEqualTo(RedqCli.EXIT_NOT_FOUND);
    }

    @Test
    void workersShowsLiveConsumersLeaseLeftAndTasksInFlight() throws Exception {
        TaskQueue q = redq.queue(Cli.queueName("workers"));
        assertThat(cli.run("workers", q.name()).code()).as("not registered yet").isEqualTo(RedqCli.EXIT_NOT_FOUND);
        q.producer().enqueueAll("job", List.of(new Job(1), new Job(2)));
        assertThat(cli.run("workers", q.name()).out()).contains("no consumers");

        CountDownLatch release = new CountDownLatch(1);
        Worker w = q.worker(WorkerOptions.builder().concurrency(2).lease(Duration.ofSeconds(10)).build())
                .handle("job", Job.class, (job, ctx) -> release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        try (w) {
            w.start();
            await().atMost(WAIT).until(() -> q.stats().active() == 2);
            JsonNode json = cli.run("--json", "workers", q.name()).json();
            assertThat(json).hasSize(1);
            assertThat(json.get(0).get("consumer").asText()).isEqualTo(w.consumerId());
            assertThat(json.get(0).get("alive").asBoolean()).isTrue();
            assertThat(json.get(0).get("leaseLeftMs").asLong()).isBetween(1L, 10_000L);
            assertThat(json.get(0).get("inFlight").asLong()).isEqualTo(2);
            Cli.Result table = cli.run("workers", q.name());
            assertThat(table.out()).containsPattern("CONSUMER +LEASE LEFT MS +IN FLIGHT +STATE")
                    .containsPattern(w.consumerId() + " +\\d+ +2 +live");
            release.countDown();
        }

        // a consumer whose lease ran out and that no live worker has recovered yet
        TaskQueue orphaned = redq.queue(Cli.queueName("workers-expired"));
        orphaned.producer().enqueue("job", new Job(1));
        redq.redisson().getScoredSortedSet("redq:{" + orphaned.name() + "}:consumers", StringCodec.INSTANCE)
                .add(1, "ghost-1-x");
        Cli.Result expired = cli.run("workers", orphaned.name());
        assertThat(expired.out()).containsPattern("ghost-1-x +-\\d+ +0 +expired");
    }

    @Test
    void redisUnavailableUsageErrorsAndTheUrlFromTheEnvironment() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result down = cli.run("--url", "redis://127.0.0.1:" + port, "queues");
        assertThat(down.code()).isEqualTo(RedqCli.EXIT_UNAVAILABLE);
        assertThat(down.err()).contains("unavailable").contains("127.0.0.1:" + port);
        assertThat(new Cli("redis://127.0.0.1:" + port).run("stats", "x").code()).as("REDIS_URL is used")
                .isEqualTo(RedqCli.EXIT_UNAVAILABLE);

        assertThat(cli.run("frobnicate").code()).isEqualTo(RedqCli.EXIT_USAGE);
        assertThat(cli.run("stats").code()).isEqualTo(RedqCli.EXIT_USAGE);
        assertThat(cli.run("dead").code()).isEqualTo(RedqCli.EXIT_USAGE);
        assertThat(cli.run("--url", "http://x", "queues").code()).isEqualTo(RedqCli.EXIT_USAGE);
        assertThat(cli.run("stats", "q", "--levels", "99").code()).isEqualTo(RedqCli.EXIT_USAGE);
        Cli.Result help = cli.run("dead", "requeue", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--all").contains("--yes").contains("--levels");
    }

    /** Runs a worker whose handlers always fail (no retry policy: dead-letter at once) until {@code n} are dead. */
    private void deadLetterAll(TaskQueue q, int n) {
        try (Worker w = q.worker()
                .handle("io", Job.class, (job, ctx) -> {
                    throw new IOException("io " + job.n());
                })
                .handle("state", Job.class, (job, ctx) -> {
                    throw new IllegalStateException("state " + job.n());
                }).start()) {
            await().atMost(WAIT).until(() -> q.stats().dead() == n);
        }
    }
}
