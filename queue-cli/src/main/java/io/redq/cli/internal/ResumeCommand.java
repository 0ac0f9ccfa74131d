package io.redq.cli.internal;

import io.redq.TaskQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Why: undo a pause; the queue's workers fetch again. */
@Command(name = "resume", description = "Resume a paused queue: its workers fetch again.")
public final class ResumeCommand extends BaseCommand {

    @Mixin
    QueueArg queue;

    @Override
    int run(Session s) {
        TaskQueue q = s.queue(queue, false);
        q.resume();
        return PauseCommand.report(s, q, "resumed: its workers fetch again");
    }
}
