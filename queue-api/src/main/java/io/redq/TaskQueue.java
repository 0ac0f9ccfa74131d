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

    /** The queue's shared settings (its priority levels). */
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
}
