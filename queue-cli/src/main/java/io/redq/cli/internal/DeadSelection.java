package io.redq.cli.internal;

import io.redq.cli.RedqCli;
import java.util.List;
import picocli.CommandLine.Option;

/** Why: requeue and delete name records the same way: by --id, or by --all with filters and a limit. */
public final class DeadSelection {

    @Option(names = "--id", paramLabel = "<task-id>", description = "A task id (repeatable).")
    List<String> ids;

    @Option(names = "--all", description = "Every record (that matches the filters).")
    boolean all;

    @Option(names = "--limit", paramLabel = "<n>",
            description = "With --all: at most this many records, newest first, 1..1000.")
    Integer limit;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    boolean byId() {
        return ids != null && !ids.isEmpty();
    }

    /** Checks that records are named or selected, not both. */
    void check(DeadFilterOptions filter) {
        if (byId() == all) {
            throw new CliException(RedqCli.EXIT_USAGE, "name records with --id <task-id>, or select them with --all");
        }
        if (!all && (filter.any() || limit != null)) {
            throw new CliException(RedqCli.EXIT_USAGE, "--type, --error-class, --reason and --limit select records"
                    + " for --all; with --id the records are named");
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw new CliException(RedqCli.EXIT_USAGE, "--limit must be between 1 and 1000, was " + limit);
        }
    }

    /** "all dead-letter records", "up to 5 dead-letter records matching type=x", for questions. */
    String describe(DeadFilterOptions filter) {
        return (limit == null ? "all" : "up to " + limit) + " dead-letter records"
                + (filter.any() ? " matching " + filter.describe() : "");
    }
}
