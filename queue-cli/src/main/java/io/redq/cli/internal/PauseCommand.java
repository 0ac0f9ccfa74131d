package io.redq.cli.internal;

import io.redq.TaskQueue;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Why: stop a queue's workers from taking new tasks (in every JVM) without stopping the workers. */
@Command(name = "pause", description = "Pause a queue: its workers take no new tasks (within a second);"
        + " tasks in flight finish; producers may still enqueue.")
public final class PauseCommand extends BaseCommand {

    @Mixin
    QueueArg queue;

    @Override
    int run(Session s) {
        TaskQueue q = s.queue(queue, false);
        q.pause();
        return report(s, q, "paused: its workers take no new tasks; tasks in flight finish");
    }

    static int report(Session s, TaskQueue q, String what) {
        if (s.json()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("queue", q.name());
            r.put("paused", q.isPaused());
            s.printJson(r);
        } else {
            s.out().println("queue '" + q.name() + "' " + what);
            s.out().flush();
        }
        return 0;
    }
}
