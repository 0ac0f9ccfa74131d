package io.redq.cli.internal;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Why: the queue name and its priority levels are given the same way to every queue command. */
public final class QueueArg {

    @Parameters(index = "0", paramLabel = "<queue>", description = "The queue name.")
    String name;

    @Option(names = "--levels", paramLabel = "<n>",
            description = "Priority levels of the queue: 1 for none, 2..16 (default: detected from its ready lists).")
    Integer levels;
}
