package io.redq.cli.internal;

import io.redq.cli.RedqCli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Why: every command connects the same way (URL, prefix, output mode from the root command) and
 * must close the connection whatever happens; this does it once.
 */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        RedqCli root = (RedqCli) spec.root().userObject();
        try (Session session = Session.open(root, spec.commandLine())) {
            return run(session);
        }
    }

    /** Runs the command; returns the exit code or throws {@link CliException}. */
    abstract int run(Session session) throws Exception;
}
