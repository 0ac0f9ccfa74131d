package io.redq.metrics;

/** The payload the metrics tests enqueue. */
public record Job(int n) {
}
