package io.redq;

import java.util.List;
import java.util.Optional;

/**
 * The tasks of one queue that will not run again unless an operator sends them back.
 * Newest first. Every operation is one atomic Redis step per record.
 *
 * @since 0.1
 */
public interface DeadLetterQueue {

    /** The number of dead-letter records. */
    long size();

    /**
     * One page of records, newest first.
     *
     * @param offset records to skip, zero or more
     * @param limit  page size, 1 to 1,000
     * @throws IllegalArgumentException if offset or limit is out of range
     */
    default List<DeadLetter> list(int offset, int limit) {
        return list(DeadLetterFilter.all(), offset, limit);
    }

    /**
     * One page of the records that match a filter, newest first. Records are read in bounded chunks
     * and filtered, so a selective filter over a large queue reads more of it.
     *
     * @param filter which records, not null
     * @param offset matching records to skip, zero or more
     * @param limit  page size, 1 to 1,000
     */
    List<DeadLetter> list(DeadLetterFilter filter, int offset, int limit);

    /** The record of one task, or empty if no record has that id. */
    Optional<DeadLetter> get(String taskId);

    /**
     * Sends one task back to the end of the ready list as a fresh attempt 1 (deliveries 0); its
     * history is kept in its headers ({@code redq-requeued}: how often, {@code redq-last-death}:
     * the reason and error of the last death). Malformed tasks cannot be requeued.
     *
     * @return true if the record existed and was requeued; false if no record has that id (nothing
     *         changes) or it holds a malformed task
     */
    boolean requeue(String taskId);

    /**
     * Requeues every record, in bounded chunks so no Redis call blocks the server for long.
     *
     * @return the number requeued
     */
    default long requeueAll() {
        return requeueAll(DeadLetterFilter.all());
    }

    /**
     * Requeues the records that match a filter, as {@link #requeue(String)} does, in bounded chunks.
     *
     * @param filter which records, not null
     * @return the number requeued
     */
    long requeueAll(DeadLetterFilter filter);

    /** Deletes one record; returns true if it existed. */
    boolean delete(String taskId);

    /** Deletes every record, in bounded chunks; returns the number deleted. */
    long purge();
}
