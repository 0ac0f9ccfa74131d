package io.redq.core.internal;

/**
 * Whether a worker's queue is paused, as last heard: from the queue's control channel (at once)
 * or from the paused flag its heartbeat reads (within one beat, if a message was missed). A
 * paused fetch thread waits in {@link #awaitResumed}, which returns as soon as the queue resumes.
 */
final class PauseState {

    private volatile boolean paused;

    boolean isPaused() {
        return paused;
    }

    synchronized void set(boolean paused) {
        this.paused = paused;
        if (!paused) {
            notifyAll();
        }
    }

    /** Wakes a thread in {@link #awaitResumed} (the worker is stopping). */
    synchronized void wakeWaiters() {
        notifyAll();
    }

    /** Waits up to {@code maxMs} while paused; returns at once when the queue resumes. */
    synchronized void awaitResumed(long maxMs) throws InterruptedException {
        if (paused) {
            wait(maxMs);
        }
    }
}
