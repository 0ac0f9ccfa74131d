package io.redq.cli.internal;

import io.redq.DeadLetter;
import io.redq.TaskQueue;
import io.redq.cli.RedqCli;
import io.redq.core.internal.DeadLetterJson;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Why: a page of dead-letter records, newest first, optionally filtered. */
@Command(name = "list", description = "List dead-letter records, newest first. Exit 1 if none match.")
public final class DeadListCommand extends BaseCommand {

    @Mixin
    QueueArg queue;

    @Mixin
    DeadFilterOptions filter;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "20",
            description = "Records to show, 1..1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", paramLabel = "<n>", defaultValue = "0",
            description = "Matching records to skip (default: ${DEFAULT-VALUE}).")
    int offset;

    @Override
    int run(Session s) {
        TaskQueue q = s.queue(queue, false);
        List<DeadLetter> page = q.deadLetters().list(filter.filter(), offset, limit);
        if (s.json()) {
            s.printJson(page.stream().map(DeadLetterJson::summary).toList());
        } else if (!page.isEmpty()) {
            Table t = new Table("ID", "TYPE", "PRIORITY", "REASON", "ERROR", "ATTEMPTS", "FAILED AT");
            for (DeadLetter d : page) {
                t.row(d.taskId(), d.envelope().type(), d.envelope().priority(), d.reason(),
                        Table.shorten(DeadRecords.error(d), 60), d.attempts(), DeadRecords.time(d.failedAt()));
            }
            t.print(s.out());
            s.out().println("(" + page.size() + " shown from offset " + offset + "; " + q.deadLetters().size()
                    + " records in the dead-letter queue)");
            s.out().flush();
        }
        if (page.isEmpty()) {
            if (!s.json()) {
                s.err().println("redq: no dead-letter records of queue '" + q.name() + "' match"
                        + (filter.any() ? " " + filter.describe() : "") + (offset > 0 ? " from offset " + offset : ""));
            }
            return RedqCli.EXIT_NOT_FOUND;
        }
        return RedqCli.EXIT_OK;
    }
}
