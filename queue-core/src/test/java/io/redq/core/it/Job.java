package io.redq.core.it;

/** The payload the integration tests enqueue: a number and how long the handler should take. */
public record Job(int n, long sleepMs) {
}
