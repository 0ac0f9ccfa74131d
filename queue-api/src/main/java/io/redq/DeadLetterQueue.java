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
    List<DeadLetter> list(int offset, int limit);

    /** The record of one task, or empty if no record has that id. */
    Optional<DeadLetter> get(String taskId);

    /**
     * Sends one task back to the end of the ready list as a fresh attempt 1 (deliveries 0); the
     * previous attempts are kept in its headers ({@code redq-requeued}, {@code redq-last-error}).
     *
     * @return true if the record existed and was requeued
     */
    boolean requeue(String taskId);

    /**
     * Requeues every record, in bounded chunks so no Redis call blocks the server for long.
     *
     * @return the number requeued
     */
    long requeueAll();

    /** Deletes one record; returns true if it existed. */
    boolean delete(String taskId);

    /** Deletes every record, in bounded chunks; returns the number deleted. */
    long purge();
}
