package io.redq.cli.internal;

import io.redq.DeadLetter;
import io.redq.DeadLetterQueue;
import io.redq.TaskQueue;
import io.redq.cli.RedqCli;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Why: drop dead tasks that will never be worth running again; always confirmed. */
@Command(name = "delete", description = "Delete records for good. Asks for confirmation unless --yes."
        + " Exit 1 if a named record is missing or nothing matched.")
public final class DeadDeleteCommand extends BaseCommand {

    @Mixin
    QueueArg queue;

    @Mixin
    DeadSelection selection;

    @Mixin
    DeadFilterOptions filter;

    @Override
    int run(Session s) {
        selection.check(filter);
        TaskQueue q = s.queue(queue, false);
        DeadLetterQueue dead = q.deadLetters();
        if (selection.byId()) {
            s.confirm(selection.yes, "Delete " + selection.ids.size() + " dead-letter record(s) of queue '" + q.name()
                    + "' for good?");
            List<String> missing = new ArrayList<>();
            long n = 0;
            for (String id : selection.ids) {
                if (dead.delete(id)) {
                    n++;
                } else {
                    missing.add(id);
                    s.err().println("redq: no dead-letter record with id " + id + " in queue '" + q.name() + "'");
                }
            }
            report(s, q, n);
            return missing.isEmpty() ? RedqCli.EXIT_OK : RedqCli.EXIT_NOT_FOUND;
        }
        long size = dead.size();
        if (size == 0) {
            throw new CliException(RedqCli.EXIT_NOT_FOUND, "the dead-letter queue of '" + q.name() + "' is empty");
        }
        s.confirm(selection.yes, "Delete " + selection.describe(filter) + " of queue '" + q.name() + "' ("
                + size + " in its dead-letter queue) for good?");
        long n = !filter.any() && selection.limit == null ? dead.purge() : deleteMatching(dead, size);
        report(s, q, n);
        if (n == 0) {
            s.err().println("redq: no dead-letter records of queue '" + q.name() + "' match " + filter.describe());
            return RedqCli.EXIT_NOT_FOUND;
        }
        return RedqCli.EXIT_OK;
    }

    /** Deletes matching records page by page (deleted ones leave the list), at most the limit or the size. */
    private long deleteMatching(DeadLetterQueue dead, long size) {
        long remaining = selection.limit != null ? selection.limit : size;
        long n = 0;
        while (remaining > 0) {
            List<DeadLetter> page = dead.list(filter.filter(), 0, (int) Math.min(remaining, 1000));
            if (page.isEmpty()) {
                break;
            }
            for (DeadLetter d : page) {
                n += dead.delete(d.taskId()) ? 1 : 0;
            }
            remaining -= page.size();
        }
        return n;
    }

    static void report(Session s, TaskQueue q, long n) {
        if (s.json()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("queue", q.name());
            r.put("deleted", n);
            s.printJson(r);
        } else {
            s.out().println("deleted " + n + " record(s) of queue '" + q.name() + "'");
            s.out().flush();
        }
    }
}
