package io.redq.cli.internal;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Why: the counts of one queue, for a person or a script. */
@Command(name = "stats", description = "Show the counts of one queue.")
public final class StatsCommand extends BaseCommand {

    @Mixin
    QueueArg queue;

    @Override
    int run(Session s) {
        Map<String, Object> c = Session.counts(s.queue(queue, false));
        if (s.json()) {
            s.printJson(c);
        } else {
            Table.pairs(s.out(), "queue", c.get("queue"), "paused", Boolean.TRUE.equals(c.get("paused")) ? "yes" : "no",
                    "ready", c.get("ready"), "active", c.get("active"), "delayed", c.get("delayed"),
                    "dead", c.get("dead"), "workers", c.get("workers"), "completed", c.get("completed"));
        }
        return 0;
    }
}
