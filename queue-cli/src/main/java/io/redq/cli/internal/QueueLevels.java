package io.redq.cli.internal;

import io.redq.Priorities;
import io.redq.cli.RedqCli;

/**
 * Why: redq does not record a queue's priority levels in Redis, yet a requeued task must go to the
 * ready list its workers read ({@code ready} without priorities, {@code ready:<level>} with them),
 * or no worker would ever take it. The levels are read from the keys that exist; when they cannot
 * be told, a command that writes to a ready list refuses rather than guess.
 */
final class QueueLevels {

    private QueueLevels() {
    }

    /** Checks --levels before anything is read. */
    static void check(Integer given) {
        if (given != null && (given < 1 || given > Priorities.MAX_LEVELS)) {
            throw new CliException(RedqCli.EXIT_USAGE, "--levels must be between 1 and " + Priorities.MAX_LEVELS
                    + ", was " + given);
        }
    }

    /**
     * @param given       --levels, or null
     * @param single      the plain ready list exists
     * @param multi       a per-level ready list or the wake-up list exists
     * @param writesReady the command puts tasks on a ready list
     * @return the levels to open the queue with; {@link Priorities#MAX_LEVELS} when a queue has levels
     *         but not how many (every task's level is below the real count, so its list is right)
     */
    static int resolve(String queue, Integer given, boolean single, boolean multi, boolean writesReady) {
        if (given != null) {
            if (given == 1 && multi || given > 1 && single && !multi) {
                throw new CliException(RedqCli.EXIT_USAGE, "--levels " + given + " does not match queue '" + queue
                        + "', whose ready lists are " + (multi ? "per priority level" : "a single list"));
            }
            return given;
        }
        if (single && multi) {
            throw new CliException(RedqCli.EXIT_USAGE, "queue '" + queue + "' has both a plain ready list and"
                    + " per-level ready lists; pass --levels to say which its workers use");
        }
        if (multi) {
            return Priorities.MAX_LEVELS;
        }
        if (!single && writesReady) {
            throw new CliException(RedqCli.EXIT_USAGE, "cannot tell whether queue '" + queue + "' has priority"
                    + " levels (its ready lists are empty, and redq does not record them in Redis); pass --levels 1"
                    + " for a queue without priorities, or --levels <n>");
        }
        return 1;
    }
}
