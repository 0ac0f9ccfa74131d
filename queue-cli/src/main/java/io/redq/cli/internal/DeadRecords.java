package io.redq.cli.internal;

import io.redq.DeadLetter;
import java.time.Instant;

/** How {@code list} and {@code show} print times and errors; the JSON is {@code DeadLetterJson}'s. */
final class DeadRecords {

    private DeadRecords() {
    }

    static String time(long epochMs) {
        return epochMs <= 0 ? null : Instant.ofEpochMilli(epochMs).toString();
    }

    static String error(DeadLetter d) {
        if (d.errorClass() == null) {
            return d.errorMessage();
        }
        String simple = d.errorClass().substring(d.errorClass().lastIndexOf('.') + 1);
        return d.errorMessage() == null ? simple : simple + ": " + d.errorMessage();
    }
}
