package io.redq;

/**
 * The life cycle of a {@link Worker}: {@code NEW → RUNNING → STOPPING → STOPPED}.
 *
 * @since 0.1
 */
public enum WorkerState {
    /** Created, handlers may be registered, not yet fetching. */
    NEW,
    /** Holding a lease and fetching tasks. */
    RUNNING,
    /** No longer fetching; tasks in flight are finishing. */
    STOPPING,
    /** Lease released, all threads ended. */
    STOPPED
}
