package io.redq.dashboard.internal;

import io.redq.Priorities;
import io.redq.QueueOptions;
import io.redq.TaskQueue;
import io.redq.core.RedQ;
import io.redq.core.internal.QueueKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.redisson.api.RKeys;

/**
 * Finds the {@link TaskQueue} for a name. Redis does not record a queue's priority levels, yet a
 * requeue must land on the ready list its workers read: declared queues are used as they are; any
 * other is read with the levels its keys show (one private {@code RedQ} per kind over the same
 * client, so a queue can be seen first without levels and later with them), and a requeue on it is
 * refused while those cannot be told.
 */
final class QueueDirectory {

    /** A queue and whether its levels are known. */
    record Entry(TaskQueue queue, boolean levelsKnown) {
    }

    private final RedQ redq;
    private final Map<String, TaskQueue> declared = new LinkedHashMap<>();
    private final RedQ single;
    private final RedQ multi;

    QueueDirectory(RedQ redq, List<TaskQueue> declared) {
        this.redq = redq;
        declared.forEach(q -> this.declared.put(q.name(), q));
        this.single = RedQ.builder().redisson(redq.redisson()).keyPrefix(redq.keyPrefix()).build();
        this.multi = RedQ.builder().redisson(redq.redisson()).keyPrefix(redq.keyPrefix()).build();
    }

    /** Every queue name: the registry plus the declared ones, sorted. */
    Set<String> names() {
        Set<String> names = new TreeSet<>(redq.queueNames());
        names.addAll(declared.keySet());
        return names;
    }

    /**
     * The queue of this name.
     *
     * @throws HttpError 404 if the name is invalid or neither declared nor in the registry
     */
    Entry find(String name) {
        TaskQueue d = declared.get(name);
        if (d != null) {
            return new Entry(d, true);
        }
        try {
            QueueKeys.validateQueueName(name);
        } catch (IllegalArgumentException e) {
            throw new HttpError(404, "queue '" + name + "' not found: " + e.getMessage());
        }
        if (!redq.queueNames().contains(name)) {
            throw new HttpError(404, "queue '" + name + "' not found in the registry (" + QueueKeys.registry(
                    redq.keyPrefix()) + ")");
        }
        return open(name);
    }

    /** A queue from the registry, opened with the levels its keys show. */
    Entry open(String name) {
        TaskQueue d = declared.get(name);
        if (d != null) {
            return new Entry(d, true);
        }
        QueueKeys one = QueueKeys.of(redq.keyPrefix(), name, 1);
        QueueKeys many = QueueKeys.of(redq.keyPrefix(), name, Priorities.MAX_LEVELS);
        RKeys keys = redq.redisson().getKeys();
        List<String> multiKeys = new ArrayList<>();
        many.readyLists().forEach(k -> multiKeys.add((String) k));
        multiKeys.add(many.wake());
        boolean hasSingle = keys.countExists(one.ready(0)) > 0;
        boolean hasMulti = keys.countExists(multiKeys.toArray(String[]::new)) > 0;
        if (hasMulti && !hasSingle) {
            // every task's level is below the real count, so each goes to its own list
            return new Entry(multi.queue(name, QueueOptions.builder()
                    .priorities(Priorities.strict(Priorities.MAX_LEVELS)).build()), true);
        }
        return new Entry(single.queue(name), hasSingle && !hasMulti);
    }

    /** The message of a refused requeue on a queue whose levels are not known. */
    static String unknownLevels(String name) {
        return "cannot tell whether queue '" + name + "' has priority levels (its ready lists are empty or both kinds"
                + " exist, and Redis does not record them), so a requeue could land on a list its workers do not read;"
                + " declare the queue: Dashboard.builder(redq).queue(taskQueue), or --levels " + name + "=<n>"
                + " (1 for a queue without priorities)";
    }

    void close() {
        single.close();
        multi.close();
    }
}
