package io.redq.core.internal;

import io.redq.DeadLetter;
import io.redq.DeadLetterFilter;
import io.redq.DeadLetterQueue;
import io.redq.Envelope;
import io.redq.QueueUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.redisson.api.RMap;
import org.redisson.api.RScoredSortedSet;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter queue of one queue: a ZSET of task ids scored by time of death and a HASH of
 * records. Bulk operations work in chunks of {@value #CHUNK} so no single call blocks Redis long.
 */
public final class RedisDeadLetterQueue implements DeadLetterQueue {

    private static final Logger log = LoggerFactory.getLogger(RedisDeadLetterQueue.class);
    static final int CHUNK = 100;
    static final int MAX_PAGE = 1_000;
    /** Header that counts how often a task was sent back from the dead-letter queue. */
    public static final String HEADER_REQUEUED = "redq-requeued";
    /** Header that keeps the reason and error of the death before the last requeue. */
    public static final String HEADER_LAST_DEATH = "redq-last-death";

    private final QueueContext ctx;
    private final RScoredSortedSet<String> dead;
    private final RMap<String, String> records;

    public RedisDeadLetterQueue(QueueContext ctx) {
        this.ctx = ctx;
        this.dead = ctx.redisson().getScoredSortedSet(ctx.keys().dead(), StringCodec.INSTANCE);
        this.records = ctx.redisson().getMap(ctx.keys().deadRecords(), StringCodec.INSTANCE);
    }

    @Override
    public long size() {
        return call("count", dead::size);
    }

    @Override
    public List<DeadLetter> list(DeadLetterFilter filter, int offset, int limit) {
        checkPage(filter, offset, limit);
        if (filter.matchesAll()) {
            return call("list", () -> read(dead.entryRangeReversed(offset, offset + limit - 1)));
        }
        return call("list", () -> scan(filter, offset, limit));
    }

    /** Checks the arguments of {@code list}: a filter, an offset from 0, a limit of 1 to {@value #MAX_PAGE}. */
    static void checkPage(DeadLetterFilter filter, int offset, int limit) {
        Objects.requireNonNull(filter, "filter must not be null");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
    }

    /** Reads newest-first chunks and keeps the matches, skipping the first {@code offset} of them. */
    private List<DeadLetter> scan(DeadLetterFilter filter, int offset, int limit) {
        List<DeadLetter> page = new ArrayList<>(limit);
        int skip = offset;
        for (int pos = 0; page.size() < limit; pos += CHUNK) {
            Collection<ScoredEntry<String>> chunk = dead.entryRangeReversed(pos, pos + CHUNK - 1);
            if (chunk.isEmpty()) {
                break;
            }
            for (DeadLetter d : read(chunk)) {
                if (filter.matches(d) && skip-- <= 0 && page.size() < limit) {
                    page.add(d);
                }
            }
        }
        return page;
    }

    private List<DeadLetter> read(Collection<ScoredEntry<String>> entries) {
        Set<String> ids = new LinkedHashSet<>();
        entries.forEach(e -> ids.add(e.getValue()));
        Map<String, String> json = records.getAll(ids);
        List<DeadLetter> out = new ArrayList<>(ids.size());
        for (ScoredEntry<String> e : entries) {
            decode(e.getValue(), json.get(e.getValue()), e.getScore().longValue()).ifPresent(out::add);
        }
        return out;
    }

    private Optional<DeadLetter> decode(String id, String json, long failedAt) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ctx.codec().decodeDeadLetter(json, failedAt));
        } catch (MalformedEnvelopeException e) {
            log.warn("Queue '{}': dead-letter record {} cannot be read: {}", ctx.queue(), id, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<DeadLetter> get(String taskId) {
        requireId(taskId);
        return call("read", () -> {
            Double score = dead.getScore(taskId);
            return score == null ? Optional.<DeadLetter>empty()
                    : decode(taskId, records.get(taskId), score.longValue());
        });
    }

    @Override
    public boolean requeue(String taskId) {
        requireId(taskId);
        return call("requeue", () -> requeueChunk(List.of(taskId), DeadLetterFilter.all()) == 1);
    }

    @Override
    public long requeueAll(DeadLetterFilter filter) {
        Objects.requireNonNull(filter, "filter must not be null");
        return call("requeue", () -> {
            // Only records dead before this call: a requeued task that dies again is not picked up twice.
            Collection<ScoredEntry<String>> newest = dead.entryRangeReversed(0, 0);
            if (newest.isEmpty()) {
                return 0L;
            }
            double until = newest.iterator().next().getScore();
            long total = 0;
            int kept = 0;
            while (true) {
                List<String> ids = new ArrayList<>();
                dead.entryRange(Double.NEGATIVE_INFINITY, true, until, true, kept, CHUNK)
                        .forEach(e -> ids.add(e.getValue()));
                if (ids.isEmpty()) {
                    return total;
                }
                int n = requeueChunk(ids, filter);
                total += n;
                kept += ids.size() - n;
            }
        });
    }

    /**
     * Requeues those of the given ids that match, as fresh first attempts; malformed records stay.
     * Returns the number requeued.
     */
    private int requeueChunk(List<String> ids, DeadLetterFilter filter) {
        Map<String, String> json = records.getAll(new LinkedHashSet<>(ids));
        List<Object> args = new ArrayList<>();
        for (String id : ids) {
            String record = json.get(id);
            if (record == null) {
                continue;
            }
            Optional<DeadLetter> d = decode(id, record, 0);
            if (d.isPresent() && !filter.matches(d.get())) {
                continue;
            }
            if (d.isEmpty() || Malformed.TYPE.equals(d.get().envelope().type())) {
                log.warn("Queue '{}': dead-letter record {} holds a malformed task and cannot be requeued;"
                        + " fix the producer, then delete it", ctx.queue(), id);
                continue;
            }
            Envelope fresh = fresh(d.get());
            args.add(id);
            args.add(ctx.codec().encode(fresh));
            args.add(String.valueOf(levelIndex(fresh.priority())));
        }
        if (args.isEmpty()) {
            return 0;
        }
        args.add(0, ctx.wakeFlag());
        List<Object> keys = new ArrayList<>(List.of(ctx.keys().dead(), ctx.keys().deadRecords(), ctx.keys().wake()));
        keys.addAll(ctx.keys().readyLists());
        long n = ctx.scripts().run(Scripts.Script.REQUEUE_DEAD, keys, args.toArray());
        return (int) n;
    }

    private int levelIndex(int priority) {
        return Math.max(0, Math.min(priority, ctx.keys().levels() - 1));
    }

    private static Envelope fresh(DeadLetter d) {
        Envelope e = d.envelope();
        int requeued = Integer.parseInt(e.headers().getOrDefault(HEADER_REQUEUED, "0")) + 1;
        String death = d.reason() + " after " + d.attempts() + " attempt(s)"
                + (d.errorClass() == null ? "" : ": " + d.errorClass() + ": " + d.errorMessage());
        return e.toBuilder().attempt(1).deliveries(0).lastError(null)
                .header(HEADER_REQUEUED, String.valueOf(requeued))
                .header(HEADER_LAST_DEATH, death)
                .build();
    }

    @Override
    public boolean delete(String taskId) {
        requireId(taskId);
        return call("delete", () -> this.<Long>deleteScript(taskId) == 1);
    }

    @Override
    public long purge() {
        return call("purge", () -> {
            long total = 0;
            long n;
            do {
                n = this.<Long>deleteScript("*", String.valueOf(CHUNK));
                total += n;
            } while (n > 0);
            return total;
        });
    }

    private <R> R deleteScript(Object... args) {
        return ctx.scripts().run(Scripts.Script.DELETE_DEAD, List.of(ctx.keys().dead(), ctx.keys().deadRecords()),
                args);
    }

    private static void requireId(String taskId) {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("taskId must not be null or blank");
        }
    }

    private <R> R call(String what, Supplier<R> op) {
        try {
            return op.get();
        } catch (RedisException e) {
            throw new QueueUnavailableException("could not " + what + " the dead-letter queue of '" + ctx.queue()
                    + "': " + e.getMessage(), e);
        }
    }
}
