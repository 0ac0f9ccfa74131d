package io.redq.dashboard;

/** The payload of the dashboard tests' tasks. */
public record Job(int n, String note) {
}
