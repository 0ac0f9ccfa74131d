package io.redq.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** Why: the first question of an operator, "which queues are there and how full are they". */
@Command(name = "queues", description = "List the queues in the registry with their counts.")
public final class QueuesCommand extends BaseCommand {

    @Override
    int run(Session s) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : s.redq().queueNames()) {
            try {
                rows.add(Session.counts(s.queue(name, null, false)));
            } catch (IllegalArgumentException | CliException e) {
                s.err().println("redq: skipping queue '" + name + "': " + e.getMessage());
            }
        }
        if (s.json()) {
            s.printJson(rows);
            return 0;
        }
        Table t = new Table("QUEUE", "READY", "ACTIVE", "DELAYED", "DEAD", "WORKERS", "PAUSED");
        for (Map<String, Object> r : rows) {
            t.row(r.get("queue"), r.get("ready"), r.get("active"), r.get("delayed"), r.get("dead"), r.get("workers"),
                    Boolean.TRUE.equals(r.get("paused")) ? "yes" : "no");
        }
        if (t.isEmpty()) {
            s.out().println("no queues registered under prefix '" + s.prefix() + "'");
            s.out().flush();
        } else {
            t.print(s.out());
        }
        return 0;
    }
}
