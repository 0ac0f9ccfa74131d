package io.redq.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Group commit for single enqueues: threads that enqueue at the same moment share one LPUSH (one
 * per priority level) instead of one round trip each. A caller adds its task to the waiting line;
 * if no batch is on the wire it becomes the sender and sends everything waiting, else it parks
 * until the sender has sent its task, so while one batch is on the wire the next one gathers. The
 * sender wakes each caller of its batch when the reply is in, and then the first caller still
 * waiting, who sends the next batch. A caller returns only after the command that carried its task
 * was answered, and gets that command's exception if it failed: the guarantees of a single
 * {@code enqueue} are unchanged. A lone caller sends at once, so its latency is one round trip as
 * before.
 */
final class PushCombiner {

    /** What sends one batch: LPUSH (or the multi-level script) of {@code raws} onto {@code level}. */
    @FunctionalInterface
    interface Sender {
        void send(int level, List<String> raws);
    }

    /** Most tasks in one command. */
    static final int MAX_TASKS = 1_000;
    /** Most characters of envelope JSON in one command; a single larger task still goes alone. */
    static final long MAX_CHARS = 4L * 1024 * 1024;
    /** A parked caller looks again after this long even if nobody woke it (a safety net). */
    private static final long PARK_NANOS = 1_000_000;

    private static final class Push {
        final int level;
        final String raw;
        final Thread owner = Thread.currentThread();
        volatile boolean done;
        RuntimeException error; // written before done, read after it

        Push(int level, String raw) {
            this.level = level;
            this.raw = raw;
        }
    }

    /**
     * The failure of a task that was never sent: it waited behind a command that Redis did not
     * answer, and sending it into the same outage would have made its caller wait a second timeout.
     */
    static final class NotSentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotSentException(RuntimeException failureAhead) {
            super("not sent: the command ahead of it failed (" + failureAhead.getMessage() + ")", failureAhead);
        }
    }

    private final Sender sender;
    private final Predicate<RuntimeException> unavailable;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Push> waiting = new ConcurrentLinkedQueue<>();

    /**
     * @param sender      sends one batch
     * @param unavailable true for a failure that says Redis is not answering (a timeout, a lost
     *                    connection): the tasks that arrived meanwhile then fail with
     *                    {@link NotSentException} instead of being sent into the same outage, so no
     *                    caller waits longer than one command timeout
     */
    PushCombiner(Sender sender, Predicate<RuntimeException> unavailable) {
        this.sender = sender;
        this.unavailable = unavailable;
    }

    /**
     * Pushes one task and returns once Redis has acknowledged it.
     *
     * @throws RuntimeException the exception of the command that carried the task
     */
    void push(int level, String raw) {
        Push mine = new Push(level, raw);
        waiting.add(mine);
        while (!mine.done) {
            if (sending.compareAndSet(false, true)) {
                try {
                    sendWaiting();
                } finally {
                    sending.set(false);
                }
                Push next = waiting.peek();
                if (next != null) {
                    LockSupport.unpark(next.owner); // it sends the batch that gathered meanwhile
                }
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        if (mine.error != null) {
            throw mine.error;
        }
    }

    /** Sends a batch of what is waiting, in arrival order within each level. Only the sender runs it. */
    private void sendWaiting() {
        Map<Integer, List<Push>> byLevel = new LinkedHashMap<>();
        int tasks = 0;
        long chars = 0;
        Push next;
        while (tasks < MAX_TASKS && (next = waiting.peek()) != null
                && (tasks == 0 || chars + next.raw.length() <= MAX_CHARS)) {
            waiting.poll();
            byLevel.computeIfAbsent(next.level, l -> new ArrayList<>()).add(next);
            tasks++;
            chars += next.raw.length();
        }
        for (Map.Entry<Integer, List<Push>> entry : byLevel.entrySet()) {
            List<Push> batch = entry.getValue();
            List<String> raws = new ArrayList<>(batch.size());
            batch.forEach(p -> raws.add(p.raw));
            RuntimeException error = null;
            try {
                sender.send(entry.getKey(), raws);
            } catch (RuntimeException e) {
                error = e;
            }
            for (Push p : batch) {
                finish(p, error);
            }
            if (error != null && unavailable.test(error)) {
                NotSentException notSent = new NotSentException(error);
                for (List<Push> rest : byLevel.values()) {
                    if (rest != batch && !rest.get(0).done) {
                        rest.forEach(p -> finish(p, notSent));
                    }
                }
                Push late;
                while ((late = waiting.poll()) != null) {
                    finish(late, notSent);
                }
                return;
            }
        }
    }

    /** Tasks in the waiting line, not yet taken by a sender; for tests. */
    int waitingCount() {
        return waiting.size();
    }

    private static void finish(Push p, RuntimeException error) {
        p.error = error;
        p.done = true;
        if (p.owner != Thread.currentThread()) {
            LockSupport.unpark(p.owner);
        }
    }
}
