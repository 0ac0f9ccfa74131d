package io.redq.cli.internal;

import io.redq.TaskQueue;
import io.redq.cli.RedqCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Why: empty a dead-letter queue in one command; always confirmed. */
@Command(name = "purge", description = "Delete every record of the dead-letter queue. Asks for confirmation"
        + " unless --yes. Exit 1 if it was empty.")
public final class DeadPurgeCommand extends BaseCommand {

    @Mixin
    QueueArg queue;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    int run(Session s) {
        TaskQueue q = s.queue(queue, false);
        long size = q.deadLetters().size();
        if (size == 0) {
            throw new CliException(RedqCli.EXIT_NOT_FOUND, "the dead-letter queue of '" + q.name() + "' is empty");
        }
        s.confirm(yes, "Purge all " + size + " dead-letter records of queue '" + q.name() + "' for good?");
        DeadDeleteCommand.report(s, q, q.deadLetters().purge());
        return RedqCli.EXIT_OK;
    }
}
