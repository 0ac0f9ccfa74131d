package io.redq;

/**
 * How many tasks of one queue are in each place, read at one moment (not one atomic snapshot).
 *
 * @param ready     waiting in the ready list(s)
 * @param active    held in consumers' active lists
 * @param delayed   waiting in the delayed set (retries, delayed tasks)
 * @param dead      in the dead-letter queue
 * @param consumers registered consumers (live or awaiting recovery)
 * @param completed tasks acknowledged after a successful run since the queue's counter was created,
 *                  by every worker of the queue (a running total that only grows; the difference of
 *                  two readings over the time between them is the queue's throughput)
 * @since 0.1
 */
public record QueueStats(long ready, long active, long delayed, long dead, long consumers, long completed) {

    /** ready + active + delayed: tasks that will still run. */
    public long pending() {
        return ready + active + delayed;
    }
}
