package io.redq.cli.internal;

import io.redq.TaskQueue;
import io.redq.core.internal.QueueKeys;
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
        List<ConsumerReader.Consumer> consumers = ConsumerReader.read(s.redq().redisson(),
                QueueKeys.of(s.prefix(), q.name()));
        if (s.json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ConsumerReader.Consumer c : consumers) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("consumer", c.id());
                r.put("alive", c.alive());
                r.put("leaseLeftMs", c.leaseLeftMs());
                r.put("leaseExpiresAt", c.leaseExpiresAt());
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
        for (ConsumerReader.Consumer c : consumers) {
            t.row(c.id(), c.leaseLeftMs(), c.inFlight(), c.alive() ? "live" : "expired (awaiting recovery)");
        }
        t.print(s.out());
        return 0;
    }
}
