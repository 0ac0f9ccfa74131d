package io.redq.cli.internal;

import io.redq.ConsumerInfo;
import io.redq.TaskQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Why: which processes hold a lease on a queue, how long the lease has left and what they hold. */
@Command(name = "workers", description = "List the consumers of a queue: lease left (Redis server time),"
        + " tasks in flight; an expired lease awaits recovery by a live worker.")
public final class WorkersCommand extends BaseCommand {

    @Mixin
    QueueArg queue;

    @Override
    int run(Session s) {
        TaskQueue q = s.queue(queue, false);
        List<ConsumerInfo> consumers = q.consumers();
        if (s.json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ConsumerInfo c : consumers) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("consumer", c.id());
                r.put("alive", c.alive());
                r.put("leaseLeftMs", c.leaseLeft().toMillis());
                r.put("leaseExpiresAt", c.leaseExpiresAt().toEpochMilli());
                r.put("inFlight", c.inFlight());
                rows.add(r);
            }
            s.printJson(rows);
            return 0;
        }
        if (consumers.isEmpty()) {
            s.out().println("no consumers on queue '" + q.name() + "'");
            s.out().flush();
            return 0;
        }
        Table t = new Table("CONSUMER", "LEASE LEFT MS", "IN FLIGHT", "STATE");
        for (ConsumerInfo c : consumers) {
            t.row(c.id(), c.leaseLeft().toMillis(), c.inFlight(), c.alive() ? "live" : "expired (awaiting recovery)");
        }
        t.print(s.out());
        return 0;
    }
}
