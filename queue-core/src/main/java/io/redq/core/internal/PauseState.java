package io.redq.core.internal;

/**
 * Whether a worker's queue is paused, as last heard: from the queue's control channel (at once)
 * or from the paused flag its heartbeat reads (within one beat, if a message was missed).
 */
final class PauseState {

    private volatile boolean paused;

    boolean isPaused() {
        return paused;
    }

    void set(boolean paused) {
        this.paused = paused;
    }
}
