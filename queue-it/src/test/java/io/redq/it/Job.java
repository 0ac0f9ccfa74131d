package io.redq.it;

/** The payload of the tests' tasks: a number and how long the handler sleeps. */
public record Job(int n, long sleepMs) {
}
