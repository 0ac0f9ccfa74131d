package io.redq.cli.internal;

import picocli.CommandLine.Command;

/** Why: the dead-letter commands share one parent, as in {@code redq dead list emails}. */
@Command(name = "dead", synopsisSubcommandLabel = "COMMAND",
        description = "Browse and act on the dead-letter queue of a queue.",
        subcommands = {DeadListCommand.class, DeadShowCommand.class, DeadRequeueCommand.class,
                DeadDeleteCommand.class, DeadPurgeCommand.class})
public final class DeadCommand {
}
