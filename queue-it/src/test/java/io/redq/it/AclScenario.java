package io.redq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.DeadLetter;
import io.redq.DeadLetterFilter;
import io.redq.Priorities;
import io.redq.QueueOptions;
import io.redq.TaskEvent;
import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything an application does with redq, in one run: plain, unique and delayed enqueues, a worker
 * with retries and dead-lettering, pause and resume, stats, the queue registry, and the dead-letter
 * operations (list, get, requeue one and all, delete, purge). Used to find and prove the least set
 * of commands an ACL user needs.
 */
final class AclScenario {

    private AclScenario() {
    }

    /** Runs it on {@code redq}; any NOPERM shows up as a failed assertion or an error event. */
    static void run(RedQ redq, String name) {
        TaskQueue queue = redq.queue(name);
        Map<String, Integer> succeeded = new ConcurrentHashMap<>();
        Set<String> failDoomed = ConcurrentHashMap.newKeySet();
        List<TaskEvent> errors = new CopyOnWriteArrayList<>();
        WorkerOptions options = WorkerOptions.builder().concurrency(4).lease(Duration.ofSeconds(2))
                .fetchTimeout(Duration.ofSeconds(1))
                .failurePolicy(RetryPolicy.custom().maxAttempts(2).fixedBackoff(Duration.ofMillis(200)).jitter(0)
                        .build()).build();
        try (Worker worker = queue.worker(options)
                .handle("flaky", Job.class, (job, ctx) -> {
                    if (ctx.attempt() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    succeeded.put(ctx.taskId(), ctx.attempt());
                })
                .handle("doomed", Job.class, (job, ctx) -> {
                    if (failDoomed.contains(ctx.taskId()) || job.n() >= 0) {
                        throw new IllegalStateException("fails");
                    }
                })
                .handle("job", Job.class, (job, ctx) -> succeeded.put(ctx.taskId(), ctx.attempt()))
                .start()) {
            worker.events().onFailure(errors::add);
            String plain = queue.producer().enqueue("job", new Job(1, 0));
            String unique = queue.producer().enqueueUnique("job", new Job(2, 0), "k").orElseThrow();
            assertThat(queue.producer().enqueueUnique("job", new Job(3, 0), "k")).isEmpty();
            String delayed = queue.producer().enqueue(TaskRequest.of("job", new Job(4, 0))
                    .delay(Duration.ofMillis(300))).orElseThrow();
            String flaky = queue.producer().enqueue("flaky", new Job(5, 0));
            List<String> doomed = queue.producer().enqueueAll("doomed", ClusterIT.jobs(3));
            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.keySet().containsAll(List.of(plain, unique,
                    delayed, flaky)) && queue.deadLetters().size() == 3);
            assertThat(succeeded.get(flaky)).isEqualTo(2);

            queue.pause();
            assertThat(queue.isPaused()).isTrue();
            queue.resume();
            assertThat(queue.isPaused()).isFalse();
            assertThat(queue.stats().consumers()).isEqualTo(1);
            assertThat(redq.queueNames()).contains(name);

            List<DeadLetter> dead = queue.deadLetters().list(DeadLetterFilter.all(), 0, 10);
            assertThat(dead).extracting(DeadLetter::taskId).containsExactlyInAnyOrderElementsOf(doomed);
            assertThat(queue.deadLetters().get(doomed.get(0))).isPresent();
            assertThat(queue.deadLetters().requeue(doomed.get(0))).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> queue.deadLetters().size() == 3
                    && queue.stats().pending() == 0);
            assertThat(queue.deadLetters().requeueAll()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(20)).until(() -> queue.deadLetters().size() == 3
                    && queue.stats().pending() == 0);
            assertThat(queue.deadLetters().delete(doomed.get(1))).isTrue();
            assertThat(queue.deadLetters().purge()).isEqualTo(2);
        }
        assertThat(queue.stats().consumers()).as("consumer gone after a graceful stop").isZero();
        levels(redq, name + "-levels");
    }

    /** A queue with priority levels: its idle workers block on the wake-up list (BRPOP), not BLMOVE. */
    private static void levels(RedQ redq, String name) {
        TaskQueue queue = redq.queue(name, QueueOptions.builder().priorities(Priorities.strict(2)).build());
        Set<String> ran = ConcurrentHashMap.newKeySet();
        try (Worker worker = queue.worker(WorkerOptions.builder().fetchTimeout(Duration.ofSeconds(1)).build())
                .handle("job", Job.class, (job, ctx) -> ran.add(ctx.taskId())).start()) {
            String urgent = queue.producer().enqueue(TaskRequest.of("job", new Job(1, 0)).priority(0)).orElseThrow();
            String later = queue.producer().enqueue(TaskRequest.of("job", new Job(2, 0)).priority(1)).orElseThrow();
            await().atMost(Duration.ofSeconds(20)).until(() -> ran.containsAll(List.of(urgent, later)));
        }
    }
}
