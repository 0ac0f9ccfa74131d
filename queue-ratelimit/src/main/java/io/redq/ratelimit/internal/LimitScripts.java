package io.redq.ratelimit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * Loads the limiters' Lua scripts in {@code io/redq/ratelimit/lua/} once and runs them by SHA
 * (EVALSHA), loading them again when the server answers NOSCRIPT (after a restart or SCRIPT FLUSH).
 * Core's {@code Scripts} knows only core's scripts, hence this small twin.
 */
final class LimitScripts {

    /** One script per operation; the file name carries the number of keys. */
    enum Script {
        TAKE_PERMITS("takePermits-1.lua", RScript.ReturnType.LIST),
        RETURN_PERMITS("returnPermits-1.lua", RScript.ReturnType.LONG),
        ACQUIRE_LEASE("acquireLease-1.lua", RScript.ReturnType.LIST),
        RENEW_LEASE("renewLease-1.lua", RScript.ReturnType.LONG),
        RELEASE_LEASE("releaseLease-1.lua", RScript.ReturnType.LONG),
        COUNT_HOLDERS("countHolders-1.lua", RScript.ReturnType.LONG);

        final String file;
        final RScript.ReturnType returnType;

        Script(String file, RScript.ReturnType returnType) {
            this.file = file;
            this.returnType = returnType;
        }
    }

    private final RScript script;
    private final Map<Script, String> source = new EnumMap<>(Script.class);
    private final Map<Script, String> sha = new ConcurrentHashMap<>();

    LimitScripts(RedissonClient redisson) {
        this.script = redisson.getScript(StringCodec.INSTANCE);
        for (Script s : Script.values()) {
            source.put(s, read(s.file));
        }
    }

    private static String read(String file) {
        String path = "/io/redq/ratelimit/lua/" + file;
        try (InputStream in = LimitScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + path, e);
        }
    }

    /**
     * Runs a script on its one key (which also routes the call in a cluster).
     *
     * @return the script's reply, typed by the script's return type
     * @throws RedisException when Redis cannot be reached or the script fails
     */
    @SuppressWarnings("unchecked")
    <R> R run(Script s, String key, Object... args) {
        List<Object> keys = List.of(key);
        String digest = sha.computeIfAbsent(s, k -> script.scriptLoad(source.get(k)));
        try {
            return (R) script.evalSha(key, RScript.Mode.READ_WRITE, digest, s.returnType, keys, args);
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
                throw e;
            }
            sha.put(s, script.scriptLoad(source.get(s)));
            return (R) script.evalSha(key, RScript.Mode.READ_WRITE, sha.get(s), s.returnType, keys, args);
        }
    }
}
