package io.redq.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.redq.Priorities;
import io.redq.QueueOptions;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.cli.RedqCli;
import io.redq.core.RedQ;
import io.redq.core.internal.QueueKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RKeys;
import org.redisson.client.codec.StringCodec;
import picocli.CommandLine;

/**
 * Why: one connection per run of the tool, and the rules every queue command shares: a queue is
 * found (registry or keys), its priority levels are known before anything is written to a ready
 * list, output is a table or JSON, destructive steps are confirmed.
 */
final class Session implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RedqCli root;
    private final RedQ redq;
    private final CommandLine commandLine;

    private Session(RedqCli root, RedQ redq, CommandLine commandLine) {
        this.root = root;
        this.redq = redq;
        this.commandLine = commandLine;
    }

    static Session open(RedqCli root, CommandLine commandLine) {
        RedQ redq = RedQ.builder().url(root.url()).keyPrefix(root.prefix()).build();
        return new Session(root, redq, commandLine);
    }

    RedQ redq() {
        return redq;
    }

    String prefix() {
        return root.prefix();
    }

    boolean json() {
        return root.json();
    }

    PrintWriter out() {
        return commandLine.getOut();
    }

    PrintWriter err() {
        return commandLine.getErr();
    }

    /** Prints one JSON document on stdout. */
    void printJson(Object value) {
        try {
            out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
        out().flush();
    }

    /**
     * The queue the argument names, opened with its priority levels.
     *
     * @param writesReady true if the command puts tasks on a ready list (requeue): then the levels
     *                    must be known for sure
     * @throws CliException 1 if the queue is not known, 2 if its levels cannot be told
     */
    TaskQueue queue(QueueArg arg, boolean writesReady) {
        return queue(arg.name, arg.levels, writesReady);
    }

    TaskQueue queue(String name, Integer levels, boolean writesReady) {
        QueueLevels.check(levels);
        QueueKeys one = QueueKeys.of(prefix(), name, 1);
        QueueKeys many = QueueKeys.of(prefix(), name, Priorities.MAX_LEVELS);
        RKeys keys = redq.redisson().getKeys();
        boolean single = keys.countExists(one.ready(0)) > 0;
        List<String> multiKeys = new ArrayList<>();
        many.readyLists().forEach(k -> multiKeys.add((String) k));
        multiKeys.add(many.wake());
        boolean multi = keys.countExists(multiKeys.toArray(String[]::new)) > 0;
        if (!single && !multi && !registered(name)
                && keys.countExists(one.consumers(), one.delayed(), one.dead(), one.paused()) == 0) {
            int shards = shardsOf(name);
            if (shards > 0) {
                throw new CliException(RedqCli.EXIT_NOT_FOUND, "queue '" + name + "' is a sharded queue: its "
                        + shards + " shards are the queues '" + name + "#0' to '" + name + "#" + (shards - 1)
                        + "'; give the name of one shard");
            }
            throw new CliException(RedqCli.EXIT_NOT_FOUND, "queue '" + name + "' not found: it is not in the registry ("
                    + QueueKeys.registry(prefix()) + ") and has no keys; `redq queues` lists the known queues");
        }
        // with nothing in the dead-letter queue a requeue writes nothing, so the levels need not be known
        boolean writes = writesReady && !single && !multi
                ? redq.redisson().getScoredSortedSet(one.dead(), StringCodec.INSTANCE).size() > 0 : writesReady;
        int n = QueueLevels.resolve(name, levels, single, multi, writes);
        QueueOptions options = n == 1 ? QueueOptions.defaults()
                : QueueOptions.builder().priorities(Priorities.strict(n)).build();
        return redq.queue(name, options);
    }

    /** How many shards {@code <name>#0, #1, ...} the registry holds in a row (0: not a sharded queue). */
    private int shardsOf(String name) {
        java.util.Set<String> names = redq.queueNames();
        int shards = 0;
        while (names.contains(name + "#" + shards)) {
            shards++;
        }
        return shards;
    }

    private boolean registered(String name) {
        return redq.redisson().getSet(QueueKeys.registry(prefix()), StringCodec.INSTANCE).contains(name);
    }

    /** The counts and paused flag of a queue, in display order. */
    static Map<String, Object> counts(TaskQueue queue) {
        QueueStats s = queue.stats();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("queue", queue.name());
        row.put("ready", s.ready());
        row.put("active", s.active());
        row.put("delayed", s.delayed());
        row.put("dead", s.dead());
        row.put("workers", s.consumers());
        row.put("completed", s.completed());
        row.put("paused", queue.isPaused());
        return row;
    }

    /**
     * Asks before a destructive step unless {@code --yes} was given.
     *
     * @throws CliException 4 if the answer is not yes, or no answer can be read
     */
    void confirm(boolean yes, String question) {
        if (yes) {
            return;
        }
        err().print(question + " Type 'yes' to go on: ");
        err().flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(root.in(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) {
            err().println();
            throw new CliException(RedqCli.EXIT_NOT_CONFIRMED,
                    "not confirmed: no answer on standard input; pass --yes to run without asking");
        }
        if (!answer.trim().equalsIgnoreCase("yes") && !answer.trim().equalsIgnoreCase("y")) {
            throw new CliException(RedqCli.EXIT_NOT_CONFIRMED, "not confirmed; nothing was changed");
        }
    }

    @Override
    public void close() {
        redq.close();
    }
}
