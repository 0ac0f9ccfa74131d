package io.redq.ratelimit.it;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;

/**
 * Moments recorded in Redis server time (µs), so JVMs with skewed clocks can be compared: one
 * sorted set per timeline, member = what happened, score = Redis TIME when the script ran.
 */
public final class Timeline {

    private static final String RECORD = "local t = redis.call('TIME') "
            + "local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) "
            + "redis.call('ZADD', KEYS[1], now, ARGV[1]) redis.call('PEXPIRE', KEYS[1], 600000) return now";
    private static final String NOW = "local t = redis.call('TIME') return tonumber(t[1]) * 1000000 + tonumber(t[2])";

    private final RedissonClient redisson;
    private final String key;

    public Timeline(RedissonClient redisson, String key) {
        this.redisson = redisson;
        this.key = key;
    }

    /** Records {@code member} now; returns the server time in µs. */
    public long record(String member) {
        return redisson.getScript(StringCodec.INSTANCE).eval(key, RScript.Mode.READ_WRITE, RECORD,
                RScript.ReturnType.LONG, List.of(key), member);
    }

    /** Redis server time in µs. */
    public static long serverMicros(RedissonClient redisson) {
        return redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY, NOW, RScript.ReturnType.LONG,
                List.of());
    }

    /** This JVM's clock minus Redis server time (ms), from the sample with the shortest round trip of ten. */
    public static long clockMinusServerMs(RedissonClient redisson) {
        long best = Long.MAX_VALUE;
        long skew = 0;
        for (int i = 0; i < 10; i++) {
            long before = System.currentTimeMillis();
            long server = serverMicros(redisson) / 1000;
            long after = System.currentTimeMillis();
            if (after - before < best) {
                best = after - before;
                skew = (before + after) / 2 - server;
            }
        }
        return skew;
    }

    public int size() {
        return redisson.getScoredSortedSet(key, StringCodec.INSTANCE).size();
    }

    /** Every moment, member to server time in µs. */
    public Map<String, Long> entries() {
        Collection<ScoredEntry<Object>> all = redisson.getScoredSortedSet(key, StringCodec.INSTANCE).entryRange(0, -1);
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (ScoredEntry<Object> e : all) {
            out.put((String) e.getValue(), e.getScore().longValue());
        }
        return out;
    }

    /** Every moment's server time in µs, in order. */
    public List<Long> times() {
        return new ArrayList<>(entries().values());
    }

    public void delete() {
        redisson.getKeys().delete(key);
    }

    /** The most moments in any half-open window [t, t + window) of the sorted times. */
    public static int maxInWindow(List<Long> sorted, long windowMicros) {
        int max = 0;
        int j = 0;
        for (int i = 0; i < sorted.size(); i++) {
            while (j < sorted.size() && sorted.get(j) < sorted.get(i) + windowMicros) {
                j++;
            }
            max = Math.max(max, j - i);
        }
        return max;
    }

    /** Moments per second from the first to the last. */
    public static double perSecond(List<Long> sorted) {
        long span = sorted.get(sorted.size() - 1) - sorted.get(0);
        return (sorted.size() - 1) * 1_000_000.0 / span;
    }
}
