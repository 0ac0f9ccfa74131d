package io.redq.dashboard;

import io.redq.Priorities;
import io.redq.QueueOptions;
import io.redq.core.RedQ;
import io.redq.dashboard.internal.MainArgs;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The dashboard as a program of its own:
 *
 * <pre>
 * java -jar queue-dashboard/target/redq-dashboard.jar [--redis URL] [--bind ADDR] [--port N]
 *      [--token TOKEN] [--read-only] [--prefix P] [--levels QUEUE=N]...
 * </pre>
 *
 * <p>The Redis URL comes from {@code --redis}, else {@code REDIS_URL}, else
 * {@code redis://127.0.0.1:6379}; the token from {@code --token}, else
 * {@code REDQ_DASHBOARD_TOKEN}, else a random one, printed once in the page's address. It runs
 * until the process is stopped. Bad arguments print one line to standard error and exit with 2;
 * an unreachable Redis or a port that cannot be bound exit with 3 and 1.
 *
 * @since 0.1
 */
public final class DashboardMain {

    /** Exit code of bad arguments. */
    public static final int EXIT_USAGE = 2;
    /** Exit code when Redis cannot be reached at start. */
    public static final int EXIT_UNAVAILABLE = 3;
    /** Exit code when the address and port cannot be bound. */
    public static final int EXIT_BIND = 1;

    private DashboardMain() {
    }

    /**
     * Runs the dashboard until the JVM is stopped.
     *
     * @param args the command line, see the class documentation
     */
    public static void main(String[] args) {
        quietLogs();
        MainArgs a;
        try {
            a = MainArgs.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            fail(EXIT_USAGE, e.getMessage() + " (--help lists the options)");
            return;
        }
        if (a.help()) {
            System.out.println(MainArgs.USAGE);
            return;
        }
        RedQ redq;
        try {
            redq = RedQ.builder().url(a.redisUrl()).keyPrefix(a.prefix()).build();
            redq.queueNames();
        } catch (IllegalArgumentException e) {
            fail(EXIT_USAGE, e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail(EXIT_UNAVAILABLE, "cannot reach Redis at " + MainArgs.redact(a.redisUrl()) + ": " + e.getMessage());
            return;
        }
        Dashboard.Builder b = Dashboard.builder(redq).bind(a.bind()).port(a.port()).token(a.token())
                .readOnly(a.readOnly());
        for (Map.Entry<String, Integer> l : a.levels().entrySet()) {
            b.queue(redq.queue(l.getKey(), l.getValue() == 1 ? QueueOptions.defaults()
                    : QueueOptions.builder().priorities(Priorities.strict(l.getValue())).build()));
        }
        Dashboard dashboard;
        try {
            dashboard = b.start();
        } catch (UncheckedIOException e) {
            redq.close();
            fail(EXIT_BIND, e.getMessage());
            return;
        }
        PrintStream out = System.out;
        out.println("redq dashboard on " + dashboard.url() + (dashboard.readOnly() ? " (read-only)" : ""));
        if (a.tokenGenerated()) {
            out.println("open " + dashboard.url() + "?token=" + a.token()
                    + " (a random token, made for this run; set REDQ_DASHBOARD_TOKEN or --token to choose one)");
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            redq.close();
            stopped.countDown();
        }, "redq-dashboard-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fail(int code, String message) {
        System.err.println("redq-dashboard: " + message);
        System.err.flush();
        System.exit(code);
    }

    /** The program's own messages go to stdout; libraries may add warnings on stderr (slf4j-simple, if present). */
    private static void quietLogs() {
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.redisson", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.io.netty", "error");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
