package io.redq.core.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The handler slots of one worker: a task holds one from its fetch until it is done. The worker of
 * one shard of a sharded queue also draws each slot from the budget that all shards of that worker
 * share (fair, so every shard's fetch thread gets its turn), while it keeps its own count of the
 * tasks it holds, so that its graceful stop waits for its own tasks only.
 */
final class HandlerSlots {

    private final int size;
    private final Semaphore own;
    /** Null unless this worker serves one shard of a sharded queue. */
    private final Semaphore shared;

    HandlerSlots(int size, Semaphore shared) {
        this.size = size;
        this.own = new Semaphore(size);
        this.shared = shared;
    }

    /**
     * Waits up to {@code waitMs} for one free slot, then takes every other one free at once, up to
     * {@code max}.
     *
     * @return the slots taken, 0 if none became free in time
     */
    int take(int max, long waitMs) throws InterruptedException {
        if (!own.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
            return 0;
        }
        if (shared != null && !shared.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
            own.release();
            return 0;
        }
        int taken = 1;
        while (taken < max && own.tryAcquire()) {
            if (shared != null && !shared.tryAcquire()) {
                own.release();
                break;
            }
            taken++;
        }
        return taken;
    }

    /** Gives back slots taken with {@link #take}. */
    void release(int slots) {
        if (slots > 0) {
            own.release(slots);
            if (shared != null) {
                shared.release(slots);
            }
        }
    }

    /**
     * Waits up to {@code millis} until none of this worker's slots is held, and then holds them all
     * (a stopped worker takes nothing more).
     */
    boolean awaitIdle(long millis) {
        return Threads.acquire(own, size, millis);
    }
}
