package io.redq;

import java.time.Duration;

/**
 * A handler ran longer than {@link WorkerOptions#taskTimeout()} and was interrupted; the attempt
 * counts as failed and goes to the failure policy.
 *
 * @since 0.1
 */
public class TaskTimeoutException extends RedqException {
    private static final long serialVersionUID = 1L;

    /** @param taskId the task; @param type its type; @param timeout the limit it passed */
    public TaskTimeoutException(String taskId, String type, Duration timeout) {
        super("task " + taskId + " of type '" + type + "' ran longer than its timeout of " + timeout
                + " and was interrupted");
    }
}
