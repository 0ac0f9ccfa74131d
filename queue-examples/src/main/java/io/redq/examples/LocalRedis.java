package io.redq.examples;

import io.redq.test.RedisExtension;
import io.redq.test.RedisServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The Redis an example's {@code main} runs against, so a new user needs nothing set up:
 * {@code REDIS_URL} if set, else a throw-away {@code redis-server} from PATH that {@link #close()}
 * stops, else whatever {@link RedisExtension#endpoint()} finds (a container, or an error that says
 * how to get Redis). The example stops its own server rather than leave it to a JVM shutdown hook:
 * {@code mvn exec:java} destroys the program's thread group when {@code main} returns, and a hook
 * thread created in that group can then never start.
 */
final class LocalRedis implements AutoCloseable {

    private final String url;
    private final RedisServer server;

    private LocalRedis(String url, RedisServer server) {
        this.url = url;
        this.server = server;
    }

    /** Finds or starts Redis and says on stdout which. */
    static LocalRedis fromEnvironment() {
        String env = System.getenv("REDIS_URL");
        if (env != null && !env.isBlank()) {
            System.out.println("Using REDIS_URL " + env.replaceFirst("//[^@/]*@", "//***@"));
            return new LocalRedis(env, null);
        }
        if (!onPath("redis-server")) {
            return new LocalRedis(RedisExtension.endpoint().url(), null);
        }
        RedisServer server = RedisServer.start();
        System.out.println("REDIS_URL is not set: started a throw-away redis-server at " + server.url());
        return new LocalRedis(server.url(), server);
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    String url() {
        return url;
    }

    /** Stops the server if this instance started one. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
