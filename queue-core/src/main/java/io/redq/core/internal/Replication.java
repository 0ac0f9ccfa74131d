package io.redq.core.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;

/**
 * A durable write: the command and a {@code WAIT <replicas> <timeout>} on the same connection, as
 * one Redisson batch, and a check of how many replicas confirmed it.
 */
final class Replication {

    /** A write that the master applied but fewer replicas than asked confirmed in time. */
    static final class NotReplicatedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotReplicatedException(int confirmed, int wanted, Duration timeout) {
            super(confirmed + " of " + wanted + " replica(s) confirmed the write within " + timeout.toMillis()
                    + " ms (Redis WAIT)");
        }
    }

    final int replicas;
    final Duration timeout;

    Replication(int replicas, Duration timeout) {
        this.replicas = replicas;
        this.timeout = timeout;
    }

    /**
     * Batch options that append the WAIT. The reply may take the WAIT's timeout on top of the client's
     * command timeout: Redisson adds the sync timeout to the response timeout (the command timeout)
     * by itself, so none is set here; adding the WAIT to it here as well would count it twice.
     */
    BatchOptions batchOptions() {
        return BatchOptions.defaults().retryAttempts(0).syncSlaves(replicas, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @return the reply of the batch's only command
     * @throws NotReplicatedException if fewer replicas than asked confirmed it
     */
    Object check(BatchResult<?> result) {
        if (result.getSyncedSlaves() < replicas) {
            throw new NotReplicatedException(result.getSyncedSlaves(), replicas, timeout);
        }
        return result.getResponses().isEmpty() ? null : result.getResponses().get(0);
    }
}
