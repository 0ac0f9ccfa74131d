package io.redq.cli;

/** The payload the CLI tests enqueue. */
public record Job(int n) {
}
