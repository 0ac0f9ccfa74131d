package io.redq.core.it;

import java.util.Map;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Counts handler completions per task id in a Redis hash outside the queue's keys, so runs in
 * other JVMs (including killed ones) are counted too. A handler records its run just before it
 * returns; a run counted twice is a duplicate delivery.
 */
public final class Runs {

    private final RMap<String, String> runs;

    public Runs(RedissonClient redisson, String queue) {
        this.runs = redisson.getMap("itest:{" + queue + "}:runs", StringCodec.INSTANCE);
    }

    public void record(String taskId) {
        runs.addAndGet(taskId, 1);
    }

    public int distinct() {
        return runs.size();
    }

    public long duplicates() {
        return runs.readAllValues().stream().mapToLong(v -> Long.parseLong(v) - 1).sum();
    }

    public Map<String, String> all() {
        return runs.readAllMap();
    }

    public void clear() {
        runs.delete();
    }
}
