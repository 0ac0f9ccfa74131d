package io.redq.bench;

/**
 * The arguments of {@link Soak}: {@code --seconds} (600), {@code --rate} tasks/s (200),
 * {@code --kill-every} seconds (30), {@code --workers} JVMs (3), {@code --concurrency} per JVM (8),
 * {@code --lease-seconds} (5), {@code --sample-every} seconds (10), {@code --task-ms} handler time (5),
 * {@code --redis} URL (default: a redis-server of its own).
 */
public record SoakOptions(int seconds, int rate, int killEverySeconds, int workers, int concurrency,
                          int leaseSeconds, int sampleEverySeconds, int taskMillis, String redisUrl) {

    public SoakOptions {
        positive("--seconds", seconds);
        positive("--rate", rate);
        positive("--kill-every", killEverySeconds);
        if (workers < 2) {
            throw new IllegalArgumentException("--workers must be at least 2 (one is never killed), was " + workers);
        }
        positive("--concurrency", concurrency);
        if (leaseSeconds < 2) {
            throw new IllegalArgumentException("--lease-seconds must be at least 2, was " + leaseSeconds);
        }
        positive("--sample-every", sampleEverySeconds);
        if (taskMillis < 0) {
            throw new IllegalArgumentException("--task-ms must not be negative, was " + taskMillis);
        }
    }

    /** Parses {@code --name value} pairs; unknown names and bad numbers fail naming the argument. */
    public static SoakOptions parse(String... args) {
        int seconds = 600;
        int rate = 200;
        int killEvery = 30;
        int workers = 3;
        int concurrency = 8;
        int lease = 5;
        int sampleEvery = 10;
        int taskMs = 5;
        String redis = null;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--seconds" -> seconds = number(name, value);
                case "--rate" -> rate = number(name, value);
                case "--kill-every" -> killEvery = number(name, value);
                case "--workers" -> workers = number(name, value);
                case "--concurrency" -> concurrency = number(name, value);
                case "--lease-seconds" -> lease = number(name, value);
                case "--sample-every" -> sampleEvery = number(name, value);
                case "--task-ms" -> taskMs = number(name, value);
                case "--redis" -> redis = value;
                default -> throw new IllegalArgumentException("unknown argument " + name + "; known: --seconds --rate"
                        + " --kill-every --workers --concurrency --lease-seconds --sample-every --task-ms --redis");
            }
        }
        return new SoakOptions(seconds, rate, killEvery, workers, concurrency, lease, sampleEvery, taskMs, redis);
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
