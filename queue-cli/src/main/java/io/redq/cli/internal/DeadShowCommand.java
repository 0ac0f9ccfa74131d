package io.redq.cli.internal;

import io.redq.DeadLetter;
import io.redq.TaskQueue;
import io.redq.cli.RedqCli;
import io.redq.core.internal.DeadLetterJson;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Why: everything about one dead task: why it died, its stack head, its payload and headers. */
@Command(name = "show", description = "Show one dead-letter record in full. Exit 1 if there is none with the id.")
public final class DeadShowCommand extends BaseCommand {

    @Mixin
    QueueArg queue;

    @Option(names = "--id", required = true, paramLabel = "<task-id>", description = "The task id.")
    String id;

    @Override
    int run(Session s) {
        TaskQueue q = s.queue(queue, false);
        Optional<DeadLetter> record = q.deadLetters().get(id);
        if (record.isEmpty()) {
            throw new CliException(RedqCli.EXIT_NOT_FOUND, "no dead-letter record with id " + id + " in queue '"
                    + q.name() + "'");
        }
        DeadLetter d = record.get();
        if (s.json()) {
            s.printJson(DeadLetterJson.full(d));
            return RedqCli.EXIT_OK;
        }
        Table.pairs(s.out(), "id", d.taskId(), "type", d.envelope().type(), "priority", d.envelope().priority(),
                "reason", d.reason(), "error class", d.errorClass(), "error message", d.errorMessage(),
                "attempts", d.attempts(), "deliveries", d.envelope().deliveries(),
                "enqueued at", DeadRecords.time(d.envelope().enqueuedAt()),
                "first failed at", DeadRecords.time(d.firstFailedAt()), "failed at", DeadRecords.time(d.failedAt()),
                "unique key", d.envelope().uniqueKey());
        for (Map.Entry<String, String> h : d.envelope().headers().entrySet()) {
            Table.pairs(s.out(), "header " + h.getKey(), h.getValue());
        }
        s.out().println("payload");
        s.out().println("  " + d.envelope().payload());
        if (d.stackHead() != null) {
            s.out().println("stack head");
            d.stackHead().lines().forEach(l -> s.out().println("  " + l));
        }
        s.out().flush();
        return RedqCli.EXIT_OK;
    }
}
