package io.redq.dashboard.internal;

import io.redq.Priorities;
import io.redq.core.internal.QueueKeys;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of the standalone dashboard, checked at once: every bad value is refused with a
 * message that names the option, before anything connects or listens.
 */
public final class MainArgs {

    public static final String USAGE = String.join("\n",
            "usage: redq-dashboard [--redis URL] [--bind ADDR] [--port N] [--token TOKEN] [--read-only]",
            "                      [--prefix P] [--levels QUEUE=N]...",
            "  --redis URL        Redis URL (default: $REDIS_URL, else redis://127.0.0.1:6379)",
            "  --bind ADDR        address to listen on (default 127.0.0.1)",
            "  --port N           port, 0 for any free one (default 8080)",
            "  --token TOKEN      bearer token, 16+ characters (default: $REDQ_DASHBOARD_TOKEN, else a random one)",
            "  --read-only        no requeue or delete",
            "  --prefix P         key prefix (default redq)",
            "  --levels QUEUE=N   the queue has N priority levels (1: none); needed to requeue on a queue",
            "                     whose levels cannot be told from its keys",
            "  --help             this text");

    private String redisUrl;
    private String bind = "127.0.0.1";
    private int port = 8080;
    private String token;
    private boolean tokenGenerated;
    private boolean readOnly;
    private String prefix = "redq";
    private boolean help;
    private final Map<String, Integer> levels = new LinkedHashMap<>();

    private MainArgs() {
    }

    /**
     * @throws IllegalArgumentException naming the option, for any bad or unknown argument
     */
    public static MainArgs parse(String[] args, Map<String, String> env) {
        MainArgs a = new MainArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> a.help = true;
                case "--read-only" -> a.readOnly = true;
                case "--redis" -> a.redisUrl = value(args, inline == null ? ++i : i, name, inline);
                case "--bind" -> a.bind = value(args, inline == null ? ++i : i, name, inline);
                case "--port" -> a.port = port(value(args, inline == null ? ++i : i, name, inline));
                case "--token" -> a.token = value(args, inline == null ? ++i : i, name, inline);
                case "--prefix" -> a.prefix = value(args, inline == null ? ++i : i, name, inline);
                case "--levels" -> a.level(value(args, inline == null ? ++i : i, name, inline));
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (a.redisUrl == null) {
            a.redisUrl = blankToNull(env.get("REDIS_URL"));
        }
        if (a.redisUrl == null) {
            a.redisUrl = "redis://127.0.0.1:6379";
        }
        if (!a.redisUrl.startsWith("redis://") && !a.redisUrl.startsWith("rediss://")) {
            throw new IllegalArgumentException("--redis must start with redis:// or rediss://, was '"
                    + redact(a.redisUrl) + "'");
        }
        if (a.token == null) {
            a.token = blankToNull(env.get("REDQ_DASHBOARD_TOKEN"));
            if (a.token != null) {
                check(a.token, "REDQ_DASHBOARD_TOKEN");
            }
        } else {
            check(a.token, "--token");
        }
        if (a.token == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            a.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            a.tokenGenerated = true;
        }
        return a;
    }

    private static void check(String token, String where) {
        try {
            Auth.checkToken(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static String value(String[] args, int i, String name, String inline) {
        if (inline != null) {
            if (inline.isBlank()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return inline;
        }
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static int port(String raw) {
        int p;
        try {
            p = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number between 0 and 65535, was '" + raw + "'");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, was " + p);
        }
        return p;
    }

    private void level(String raw) {
        int eq = raw.lastIndexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--levels must be QUEUE=N, was '" + raw + "'");
        }
        String queue = raw.substring(0, eq);
        try {
            QueueKeys.validateQueueName(queue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--levels: " + e.getMessage());
        }
        int n;
        try {
            n = Integer.parseInt(raw.substring(eq + 1));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > Priorities.MAX_LEVELS) {
            throw new IllegalArgumentException("--levels " + queue + "=N: N must be between 1 and "
                    + Priorities.MAX_LEVELS + ", was '" + raw.substring(eq + 1) + "'");
        }
        levels.put(queue, n);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The URL without its password, for messages. */
    public static String redact(String url) {
        return url.replaceFirst("://([^:@/]*):[^@/]*@", "://$1:***@");
    }

    public String redisUrl() {
        return redisUrl;
    }

    public String bind() {
        return bind;
    }

    public int port() {
        return port;
    }

    public String token() {
        return token;
    }

    public boolean tokenGenerated() {
        return tokenGenerated;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public String prefix() {
        return prefix;
    }

    public boolean help() {
        return help;
    }

    public Map<String, Integer> levels() {
        return levels;
    }
}
