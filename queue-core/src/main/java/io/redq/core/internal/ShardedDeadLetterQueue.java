package io.redq.core.internal;

import io.redq.DeadLetter;
import io.redq.DeadLetterFilter;
import io.redq.DeadLetterQueue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The dead-letter queue of a sharded queue: the shards' own dead-letter queues seen as one. A
 * page is merged newest first from every shard; a task id is looked for on each shard in turn
 * (a task lives on one shard only).
 */
final class ShardedDeadLetterQueue implements DeadLetterQueue {

    private final List<? extends DeadLetterQueue> shards;

    ShardedDeadLetterQueue(List<? extends DeadLetterQueue> shards) {
        this.shards = List.copyOf(shards);
    }

    @Override
    public long size() {
        long total = 0;
        for (DeadLetterQueue shard : shards) {
            total += shard.size();
        }
        return total;
    }

    @Override
    public List<DeadLetter> list(DeadLetterFilter filter, int offset, int limit) {
        RedisDeadLetterQueue.checkPage(filter, offset, limit);
        // Newest first across shards: a k-way merge of each shard's newest-first pages
        PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator.comparingLong((Cursor c) -> c.head().failedAt())
                .reversed());
        for (DeadLetterQueue shard : shards) {
            Cursor cursor = new Cursor(shard, filter, limit);
            if (cursor.head() != null) {
                heads.add(cursor);
            }
        }
        List<DeadLetter> page = new ArrayList<>(limit);
        long skipped = 0;
        while (page.size() < limit && !heads.isEmpty()) {
            Cursor c = heads.poll();
            DeadLetter record = c.head();
            if (skipped < offset) {
                skipped++;
            } else {
                page.add(record);
            }
            if (c.advance()) {
                heads.add(c);
            }
        }
        return page;
    }

    @Override
    public Optional<DeadLetter> get(String taskId) {
        for (DeadLetterQueue shard : shards) {
            Optional<DeadLetter> found = shard.get(taskId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean requeue(String taskId) {
        for (DeadLetterQueue shard : shards) {
            if (shard.requeue(taskId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long requeueAll(DeadLetterFilter filter) {
        long total = 0;
        for (DeadLetterQueue shard : shards) {
            total += shard.requeueAll(filter);
        }
        return total;
    }

    @Override
    public boolean delete(String taskId) {
        for (DeadLetterQueue shard : shards) {
            if (shard.delete(taskId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long purge() {
        long total = 0;
        for (DeadLetterQueue shard : shards) {
            total += shard.purge();
        }
        return total;
    }

    /** Reads one shard's matching records newest first, a page at a time. */
    private static final class Cursor {
        private final DeadLetterQueue shard;
        private final DeadLetterFilter filter;
        private final int pageSize;
        private List<DeadLetter> page;
        private int read;
        private int index;

        Cursor(DeadLetterQueue shard, DeadLetterFilter filter, int pageSize) {
            this.shard = shard;
            this.filter = filter;
            this.pageSize = pageSize;
            this.page = shard.list(filter, 0, pageSize);
        }

        DeadLetter head() {
            return index < page.size() ? page.get(index) : null;
        }

        /** Moves to the next record; false when the shard has none left. */
        boolean advance() {
            index++;
            if (index < page.size()) {
                return true;
            }
            if (page.size() < pageSize) {
                return false;
            }
            read += page.size();
            page = shard.list(filter, read, pageSize);
            index = 0;
            return !page.isEmpty();
        }
    }
}
