package io.redq.ratelimit.it;

/** The test payload: a sequence number and how long the handler sleeps. */
public record Job(int n, long sleepMs) {
}
