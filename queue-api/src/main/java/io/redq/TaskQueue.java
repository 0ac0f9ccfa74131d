package io.redq;

import java.util.List;

/**
 * One named queue: hands out its producer, workers, dead-letter queue and statistics.
 *
 * @since 0.1
 */
public interface TaskQueue {

    /** The queue name. */
    String name();

    /** The queue's shared settings (its priority levels and shards). */
    QueueOptions options();

    /** The producer of this queue (one shared, thread-safe instance). */
    Producer producer();

    /** A new worker with default options; register handlers, then start it. */
    default Worker worker() {
        return worker(WorkerOptions.defaults());
    }

    /** A new worker with these options; register handlers, then start it. */
    Worker worker(WorkerOptions options);

    /**
     * Pauses the queue everywhere: its workers, in every JVM, take no new tasks (within a second)
     * until {@link #resume()}; tasks in flight finish; producers may still enqueue.
     *
     * @throws QueueUnavailableException if Redis cannot be reached
     */
    void pause();

    /**
     * Resumes a paused queue: its workers fetch again.
     *
     * @throws QueueUnavailableException if Redis cannot be reached
     */
    void resume();

    /**
     * True while the queue is paused.
     *
     * @throws QueueUnavailableException if Redis cannot be reached
     */
    boolean isPaused();

    /** The dead-letter queue of this queue. */
    DeadLetterQueue deadLetters();

    /**
     * Counts tasks in each place.
     *
     * @throws QueueUnavailableException if Redis cannot be reached
     */
    QueueStats stats();

    /**
     * The consumers registered on this queue, in every JVM: live ones and those whose lease has
     * expired and whose tasks await recovery, ordered by lease expiry (soonest first). Leases are
     * compared with Redis server time, read in the same step as the leases.
     *
     * @return the consumers, possibly empty; never null
     * @throws QueueUnavailableException if Redis cannot be reached
     */
    List<ConsumerInfo> consumers();

    /**
     * The shards of a sharded queue ({@link QueueOptions#shards()} &gt; 1), each an ordinary queue
     * named {@code <name>#i}, shard 0 first; for a queue without shards, a list holding this queue.
     * For operators and tests: the counts, dead letters and consumers of one shard, or the cluster
     * node that holds it. Work through the sharded queue itself, not through its shards, so that
     * tasks are spread and unique keys stay unique.
     */
    default List<TaskQueue> shards() {
        return List.of(this);
    }
}
