package io.redq.cli;

import io.redq.QueueUnavailableException;
import io.redq.cli.internal.CliException;
import io.redq.cli.internal.DeadCommand;
import io.redq.cli.internal.PauseCommand;
import io.redq.cli.internal.QueuesCommand;
import io.redq.cli.internal.ResumeCommand;
import io.redq.cli.internal.StatsCommand;
import io.redq.cli.internal.WorkersCommand;
import io.redq.core.RedisConnectException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Objects;
import org.redisson.client.RedisException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code redq} command: {@code redq [--url redis://...] [--json] <command> ...}.
 *
 * <p>Run it as {@code java -jar queue-cli/target/redq.jar --help}. Every command prints a table for
 * people, or one JSON document with {@code --json}, and ends with one of the exit codes below. The
 * Redis URL comes from {@code --url}, else the {@code REDIS_URL} environment variable, else
 * {@value #DEFAULT_URL}. Destructive commands ask for confirmation on standard input unless
 * {@code --yes} is given, and refuse when no answer can be read. See {@code docs/operations-tools.md}.
 *
 * @since 0.1
 */
@Command(name = "redq", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = RedqCli.Version.class, usageHelpAutoWidth = true,
        description = "Inspect and operate redq task queues.",
        subcommands = {QueuesCommand.class, StatsCommand.class, DeadCommand.class, PauseCommand.class,
                ResumeCommand.class, WorkersCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:queue or record not found, or nothing matched", "2:usage error",
                "3:Redis unavailable", "4:not confirmed (answer 'yes', or pass --yes)", "5:internal error"})
public final class RedqCli {

    /** Exit code: the command did what was asked. */
    public static final int EXIT_OK = 0;
    /** Exit code: the queue or record was not found, or nothing matched. */
    public static final int EXIT_NOT_FOUND = 1;
    /** Exit code: the command line was wrong (unknown command or option, bad value). */
    public static final int EXIT_USAGE = 2;
    /** Exit code: Redis could not be reached or did not answer. */
    public static final int EXIT_UNAVAILABLE = 3;
    /** Exit code: a destructive command was not confirmed. */
    public static final int EXIT_NOT_CONFIRMED = 4;
    /** Exit code: an unexpected error (a bug; the message says what happened). */
    public static final int EXIT_SOFTWARE = 5;
    /** The Redis URL used when neither {@code --url} nor {@code REDIS_URL} is given. */
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    private final Map<String, String> env;
    private final InputStream in;

    @Option(names = "--url", paramLabel = "<url>", scope = ScopeType.INHERIT,
            description = "Redis URL (default: $REDIS_URL, else " + DEFAULT_URL + ").")
    private String url;

    @Option(names = "--prefix", paramLabel = "<prefix>", defaultValue = "redq", scope = ScopeType.INHERIT,
            description = "Key prefix of the queues (default: ${DEFAULT-VALUE}).")
    private String prefix;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print one JSON document instead of a table.")
    private boolean json;

    private RedqCli(Map<String, String> env, InputStream in) {
        this.env = env;
        this.in = in;
    }

    /**
     * Runs the tool and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), System.in).execute(args));
    }

    /**
     * A ready command line, for running the tool in-process (tests, embedding): set its out and err
     * writers if needed, then call {@code execute(args)}, which returns the exit code.
     *
     * @param env the environment to read {@code REDIS_URL} from, not null
     * @param in  where confirmations are read from, not null
     * @return the command line, with the exit-code mapping installed
     */
    public static CommandLine commandLine(Map<String, String> env, InputStream in) {
        Objects.requireNonNull(env, "env must not be null");
        Objects.requireNonNull(in, "in must not be null");
        RedqCli root = new RedqCli(Map.copyOf(env), in);
        CommandLine cmd = new CommandLine(root);
        cmd.setExecutionExceptionHandler(root::handle);
        return cmd;
    }

    /** The Redis URL to use: {@code --url}, else {@code REDIS_URL}, else {@link #DEFAULT_URL}. */
    public String url() {
        if (url != null && !url.isBlank()) {
            return url;
        }
        String fromEnv = env.get("REDIS_URL");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : DEFAULT_URL;
    }

    /** The key prefix. */
    public String prefix() {
        return prefix;
    }

    /** True if output is JSON. */
    public boolean json() {
        return json;
    }

    /** Where confirmations are read from. */
    public InputStream in() {
        return in;
    }

    private int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof CliException c) {
            err.println("redq: " + c.getMessage());
            return c.exitCode();
        }
        if (ex instanceof QueueUnavailableException || ex instanceof RedisException
                || ex instanceof RedisConnectException) {
            err.println("redq: Redis at " + masked(url()) + " is unavailable: " + redisMessage(ex));
            return EXIT_UNAVAILABLE;
        }
        if (ex instanceof IllegalArgumentException) {
            err.println("redq: " + ex.getMessage());
            return EXIT_USAGE;
        }
        StringWriter trace = new StringWriter();
        ex.printStackTrace(new PrintWriter(trace));
        err.println("redq: unexpected error: " + ex + System.lineSeparator() + trace);
        return EXIT_SOFTWARE;
    }

    /** The message of the innermost Redis exception (Redisson wraps connection failures). */
    private static String redisMessage(Throwable ex) {
        String message = ex.getMessage();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof RedisException && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    /** The URL with any password replaced by ***, for messages. */
    public static String masked(String url) {
        return url.replaceFirst("//([^@/]*)@", "//***@");
    }

    /** Reads the version from the jar's resources. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            java.util.Properties p = new java.util.Properties();
            try (InputStream s = RedqCli.class.getResourceAsStream("/io/redq/cli/version.properties")) {
                if (s != null) {
                    p.load(s);
                }
            }
            return new String[] {"redq " + p.getProperty("version", "(development)")};
        }
    }
}
