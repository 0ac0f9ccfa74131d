package io.redq.cli.internal;

import io.redq.DeadLetterFilter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Why: list, requeue --all and delete --all select records the same way. */
public final class DeadFilterOptions {

    @Option(names = "--type", paramLabel = "<type>", description = "Only records of this task type.")
    String type;

    @Option(names = "--error-class", paramLabel = "<class>",
            description = "Only records whose error class is this (fully qualified, e.g. java.io.IOException).")
    String errorClass;

    @Option(names = "--reason", paramLabel = "<reason>",
            description = "Only records with this reason (e.g. failed, exhausted, aborted, unknown type).")
    String reason;

    boolean any() {
        return type != null || errorClass != null || reason != null;
    }

    DeadLetterFilter filter() {
        DeadLetterFilter f = DeadLetterFilter.all();
        if (type != null) {
            f = f.type(type);
        }
        if (errorClass != null) {
            f = f.errorClass(errorClass);
        }
        if (reason != null) {
            f = f.reason(reason);
        }
        return f;
    }

    /** "type=x, error class=y" for messages; empty when no criterion is set. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (type != null) {
            parts.add("type=" + type);
        }
        if (errorClass != null) {
            parts.add("error class=" + errorClass);
        }
        if (reason != null) {
            parts.add("reason=" + reason);
        }
        return String.join(", ", parts);
    }
}
