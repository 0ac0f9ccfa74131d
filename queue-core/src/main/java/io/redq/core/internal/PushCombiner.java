package io.redq.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for single enqueues: threads that enqueue at the same moment share one LPUSH (one
 * per priority level) instead of one round trip each. A caller adds its task to the waiting line
 * and takes the lock; whoever holds the lock sends everything waiting at that moment, so while one
 * batch is on the wire the next one gathers. A caller returns only after the command that carried
 * its task was answered, and gets that command's exception if it failed: the guarantees of a
 * single {@code enqueue} are unchanged. A lone caller sends at once, so its latency is one round
 * trip as before.
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

    private static final class Push {
        final int level;
        final String raw;
        boolean done; // written and read under the lock
        RuntimeException error;

        Push(int level, String raw) {
            this.level = level;
            this.raw = raw;
        }
    }

    private final Sender sender;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Push> waiting = new ConcurrentLinkedQueue<>();

    PushCombiner(Sender sender) {
        this.sender = sender;
    }

    /**
     * Pushes one task and returns once Redis has acknowledged it.
     *
     * @throws RuntimeException the exception of the command that carried the task
     */
    void push(int level, String raw) {
        Push mine = new Push(level, raw);
        waiting.add(mine);
        lock.lock();
        try {
            while (!mine.done) {
                sendWaiting();
            }
        } finally {
            lock.unlock();
        }
        if (mine.error != null) {
            throw mine.error;
        }
    }

    /** Sends a batch of what is waiting, in arrival order within each level. Holds the lock. */
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
                p.error = error;
                p.done = true;
            }
        }
    }
}
