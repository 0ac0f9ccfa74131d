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

/**
 * Why: send dead tasks back to their ready list as fresh first attempts, once the cause is fixed.
 * Each record moves in one atomic Redis step, so running workers never see a task twice or lose one.
 */
@Command(name = "requeue", description = "Send records back to the ready list as fresh attempts."
        + " --all asks for confirmation unless --yes. Exit 1 if a named record is missing or nothing matched.")
public final class DeadRequeueCommand extends BaseCommand {

    @Mixin
    QueueArg queue;

    @Mixin
    DeadSelection selection;

    @Mixin
    DeadFilterOptions filter;

    @Override
    int run(Session s) {
        selection.check(filter);
        TaskQueue q = s.queue(queue, true);
        DeadLetterQueue dead = q.deadLetters();
        if (selection.byId()) {
            List<String> missing = new ArrayList<>();
            long n = 0;
            for (String id : selection.ids) {
                if (dead.requeue(id)) {
                    n++;
                } else {
                    missing.add(id);
                    s.err().println("redq: " + (dead.get(id).isPresent()
                            ? "record " + id + " holds a malformed task and cannot be requeued; delete it"
                            : "no dead-letter record with id " + id + " in queue '" + q.name() + "'"));
                }
            }
            return report(s, q, n, missing);
        }
        long size = dead.size();
        if (size == 0) {
            throw new CliException(RedqCli.EXIT_NOT_FOUND, "the dead-letter queue of '" + q.name() + "' is empty");
        }
        s.confirm(selection.yes, "Requeue " + selection.describe(filter) + " of queue '" + q.name() + "' (" + size
                + " in its dead-letter queue)?");
        long n;
        if (selection.limit == null) {
            n = dead.requeueAll(filter.filter());
        } else {
            n = 0;
            for (DeadLetter d : dead.list(filter.filter(), 0, selection.limit)) {
                n += dead.requeue(d.taskId()) ? 1 : 0;
            }
        }
        if (n == 0) {
            s.err().println("redq: no dead-letter records of queue '" + q.name() + "' were requeued"
                    + (filter.any() ? " (none match " + filter.describe() + ")" : ""));
        }
        report(s, q, n, List.of());
        return n == 0 ? RedqCli.EXIT_NOT_FOUND : RedqCli.EXIT_OK;
    }

    private static int report(Session s, TaskQueue q, long n, List<String> missing) {
        if (s.json()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("queue", q.name());
            r.put("requeued", n);
            r.put("notRequeued", missing);
            s.printJson(r);
        } else {
            s.out().println("requeued " + n + " record(s) of queue '" + q.name() + "'");
            s.out().flush();
        }
        return missing.isEmpty() ? RedqCli.EXIT_OK : RedqCli.EXIT_NOT_FOUND;
    }
}
