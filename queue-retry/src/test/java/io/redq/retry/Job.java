package io.redq.retry;

/** The payload the retry integration tests enqueue: just a number. */
public record Job(int n) {
}
