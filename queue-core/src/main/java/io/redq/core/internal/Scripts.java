package io.redq.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * Loads the Lua scripts in {@code io/redq/core/lua/} once and runs them by SHA (EVALSHA), loading
 * them again when the server answers NOSCRIPT (after a restart or SCRIPT FLUSH).
 *
 * <p>Scripts that never make Redis hold more than before (moves, acknowledgements, renewals)
 * open with {@code #!lua flags=allow-oom}, so Redis 7 runs them while it is over {@code maxmemory}
 * and workers go on draining. Redis before 7.0 knows no such line; there it is loaded without it.
 */
public final class Scripts {

    /** One script per operation; the file name carries the number of keys. */
    public enum Script {
        // Scripts that carry raw tasks run with RawCodec (byte-exact); the others with UTF-8.
        ENQUEUE_UNIQUE("enqueueUnique-3.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG),
        ENQUEUE_READY("enqueueReady-2.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG),
        FETCH_TASKS("fetchTasks-N.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LIST, true),
        ENQUEUE_DELAYED("enqueueDelayed-2.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG),
        ACK_TASKS("ackTasks-N.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LIST, true),
        HEARTBEAT("heartbeat-2.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LIST),
        SET_PAUSED("setPaused-1.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG),
        READ_CONSUMERS("readConsumers-1.lua", RScript.Mode.READ_ONLY, RScript.ReturnType.LIST),
        EXPIRED_CONSUMERS("expiredConsumers-1.lua", RScript.Mode.READ_ONLY, RScript.ReturnType.LIST),
        REQUEUE_ACTIVE("requeueActive-4.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, true),
        RETURN_ALL("returnAll-2.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG),
        RETIRE_CONSUMER("retireConsumer-2.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG),
        DEAD_LETTER("deadLetter-5.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, true),
        RETRY_LATER("retryLater-2.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, true),
        PROMOTE_DUE("promoteDue-N.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LIST),
        REQUEUE_DEAD("requeueDead-N.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG),
        DELETE_DEAD("deleteDead-2.lua", RScript.Mode.READ_WRITE, RScript.ReturnType.LONG);

        final String file;
        final RScript.Mode mode;
        final RScript.ReturnType returnType;
        final boolean raw;

        Script(String file, RScript.Mode mode, RScript.ReturnType returnType) {
            this(file, mode, returnType, false);
        }

        Script(String file, RScript.Mode mode, RScript.ReturnType returnType, boolean raw) {
            this.file = file;
            this.mode = mode;
            this.returnType = returnType;
            this.raw = raw;
        }
    }

    private final RedissonClient redisson;
    private final RScript script;
    private final RScript rawScript;
    private final Map<Script, String> source = new EnumMap<>(Script.class);
    private final Map<Script, String> sha = new ConcurrentHashMap<>();

    public Scripts(RedissonClient redisson) {
        this.redisson = redisson;
        this.script = redisson.getScript(StringCodec.INSTANCE);
        this.rawScript = redisson.getScript(RawCodec.INSTANCE);
        for (Script s : Script.values()) {
            source.put(s, read(s.file));
        }
    }

    private static String read(String file) {
        String path = "/io/redq/core/lua/" + file;
        try (InputStream in = Scripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + path, e);
        }
    }

    private String load(Script s) {
        String text = source.get(s);
        try {
            return script.scriptLoad(text);
        } catch (RedisException e) {
            if (!text.startsWith("#!") || e.getMessage() == null || !e.getMessage().contains("compiling")) {
                throw e;
            }
            return script.scriptLoad(withoutShebang(text)); // Redis 6.2 reads the flags line as Lua
        }
    }

    /** The script with its first line ({@code #!lua flags=...}) blanked, so line numbers stay. */
    static String withoutShebang(String text) {
        if (!text.startsWith("#!")) {
            return text;
        }
        int eol = text.indexOf('\n');
        return eol < 0 ? "" : text.substring(eol);
    }

    /**
     * Runs a script. {@code keys} must hold every key it touches; the first key routes the call.
     *
     * @return the script's reply, typed by the script's return type
     */
    @SuppressWarnings("unchecked")
    public <R> R run(Script s, List<Object> keys, Object... args) {
        RScript via = s.raw ? rawScript : script;
        String routing = (String) keys.get(0);
        return withReload(s, digest -> (R) via.evalSha(routing, s.mode, digest, s.returnType, keys, args));
    }

    /**
     * Calls the script by its digest; when the server answers NOSCRIPT (a restarted or promoted
     * server has no cached scripts; the script did not run) loads it again and calls once more.
     */
    private <R> R withReload(Script s, Function<String, R> callWithDigest) {
        try {
            return callWithDigest.apply(sha.computeIfAbsent(s, this::load));
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
                throw e;
            }
            sha.put(s, load(s));
            return callWithDigest.apply(sha.get(s));
        }
    }

    /**
     * Runs a script and waits until {@code replication.replicas} replicas confirm its writes
     * (Redis {@code WAIT} on the same connection).
     *
     * @throws Replication.NotReplicatedException if fewer confirmed within the timeout; the script ran
     */
    @SuppressWarnings("unchecked")
    <R> R runReplicated(Script s, Replication replication, List<Object> keys, Object... args) {
        String routing = (String) keys.get(0);
        // on NOSCRIPT the script did not run, so neither did the WAIT after it: the retry is safe
        return withReload(s, digest -> (R) replication.check(batch(s, replication, digest, routing, keys, args)));
    }

    private BatchResult<?> batch(Script s, Replication replication, String digest, String routing, List<Object> keys,
                                 Object... args) {
        RBatch batch = redisson.createBatch(replication.batchOptions());
        batch.getScript(s.raw ? RawCodec.INSTANCE : StringCodec.INSTANCE)
                .evalShaAsync(routing, s.mode, digest, s.returnType, keys, args);
        return batch.execute();
    }
}
