package io.redq.examples;

import io.redq.test.RedisExtension;
import io.redq.test.RedisServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Redis an example's {@code main} runs against, so a new user needs nothing set up:
 * {@code REDIS_URL} if set; else the Redis on 127.0.0.1:6379 if one answers {@code PING} without a
 * password; else a throw-away {@code redis-server} from PATH that {@link #close()} stops; else the
 * same with the Redis 6.2 binary of the embedded-redis artifact ({@link EmbeddedRedisBinary}); else
 * whatever {@link RedisExtension#endpoint()} finds (a container, or an error that says how to get
 * Redis). Examples only ever touch keys of queues with random names and delete them at the end, so
 * running them against a shared local Redis is safe. The example stops its own server rather than
 * leave it to a JVM shutdown hook: {@code mvn exec:java} destroys the program's thread group when
 * {@code main} returns, and a hook thread created in that group can then never start.
 */
final class LocalRedis implements AutoCloseable {

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 6379;
    private static final int PROBE_TIMEOUT_MS = 500;

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
            System.out.println("Using REDIS_URL " + masked(env));
            return new LocalRedis(env.strip(), null);
        }
        if (answersPing(DEFAULT_HOST, DEFAULT_PORT)) {
            String url = "redis://" + DEFAULT_HOST + ":" + DEFAULT_PORT;
            System.out.println("REDIS_URL is not set: using the Redis that answers at " + url);
            return new LocalRedis(url, null);
        }
        if (onPath("redis-server")) {
            RedisServer server = RedisServer.start();
            System.out.println("REDIS_URL is not set and nothing answers at " + DEFAULT_HOST + ":" + DEFAULT_PORT
                    + ": started a throw-away redis-server at " + server.url());
            return new LocalRedis(server.url(), server);
        }
        Optional<Path> embedded = EmbeddedRedisBinary.extract();
        if (embedded.isPresent()) {
            RedisServer server = RedisServer.start(RedisServer.Options.builder().executable(embedded.get()).build());
            System.out.println("REDIS_URL is not set, nothing answers at " + DEFAULT_HOST + ":" + DEFAULT_PORT
                    + " and redis-server is not on PATH: started the Redis 6.2 that the embedded-redis artifact"
                    + " ships, at " + server.url());
            return new LocalRedis(server.url(), server);
        }
        return new LocalRedis(RedisExtension.endpoint().url(), null);
    }

    /** {@code url} with any user and password replaced by {@code ***}, fit for a log line. */
    static String masked(String url) {
        return url.replaceFirst("//[^@/]*@", "//***@");
    }

    /** True if a Redis at host:port answers an unauthenticated {@code PING} with {@code +PONG}. */
    static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MS);
            socket.setSoTimeout(PROBE_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7); // "+PONG\r\n"; a server wanting a password says "-NOAUTH ..."
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    String url() {
        return url;
    }

    /** True if this instance started the server and stops it at {@link #close()}. */
    boolean isThrowAway() {
        return server != null;
    }

    /** Stops the server if this instance started one; safe to call twice. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
