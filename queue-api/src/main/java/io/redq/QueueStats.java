package io.redq;

/**
 * How many tasks of one queue are in each place, read at one moment (not one atomic snapshot).
 *
 * @param ready   waiting in the ready list(s)
 * @param active  held in consumers' active lists
 * @param delayed waiting in the delayed set (retries, delayed tasks)
 * @param dead    in the dead-letter queue
 * @param consumers registered consumers (live or awaiting recovery)
 * @since 0.1
 */
public record QueueStats(long ready, long active, long delayed, long dead, long consumers) {

    /** ready + active + delayed: tasks that will still run. */
    public long pending() {
        return ready + active + delayed;
    }
}
