package io.redq;

import java.util.Objects;

/**
 * Settings of one queue that its producers and workers share: its {@link Priorities} and its
 * number of shards. Immutable:
 * {@code QueueOptions.builder().priorities(Priorities.weighted(6, 3, 1)).shards(3).build()}.
 *
 * <p>A queue with {@code S > 1} shards is S ordinary queues named {@code <name>#0} ..
 * {@code <name>#S-1}, each with its own hash tag and so its own cluster slot: on Redis Cluster
 * a busy queue can use several masters. Producers spread tasks over the shards, and every worker
 * consumes all of them. Every guarantee holds per shard; what is given up is order across shards
 * (FIFO and strict priority hold within one shard). See {@link Builder#shards(int)}.
 *
 * @since 0.1
 */
public final class QueueOptions {

    /** Most shards one queue may have. */
    public static final int MAX_SHARDS = 256;

    private static final QueueOptions DEFAULTS = new QueueOptions(Priorities.none(), 1);

    private final Priorities priorities;
    private final int shards;

    private QueueOptions(Priorities priorities, int shards) {
        this.priorities = priorities;
        this.shards = shards;
    }

    /** One priority level, one shard. */
    public static QueueOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The priority levels. */
    public Priorities priorities() {
        return priorities;
    }

    /** The number of shards (1: an ordinary queue). */
    public int shards() {
        return shards;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueueOptions q && q.priorities.equals(priorities) && q.shards == shards;
    }

    @Override
    public int hashCode() {
        return Objects.hash(priorities, shards);
    }

    @Override
    public String toString() {
        return shards == 1 ? priorities.toString() : priorities + " on " + shards + " shards";
    }

    /** Builds {@link QueueOptions}. */
    public static final class Builder {
        private Priorities priorities = Priorities.none();
        private int shards = 1;

        private Builder() {
        }

        /** The priority levels (default: {@link Priorities#none()}). */
        public Builder priorities(Priorities priorities) {
            this.priorities = Objects.requireNonNull(priorities, "priorities must not be null");
            return this;
        }

        /**
         * Spreads the queue over this many shards (default 1). Each shard {@code <name>#i} is an
         * ordinary queue in its own cluster slot. A single enqueue goes to the next shard in turn
         * (each producer starts at a random one), a task with a unique key always to the shard its
         * key hashes to (so the key stays unique across shards), and a batch from
         * {@code enqueueAll} goes whole to one shard (still one atomic write). Which master holds
         * a shard follows from the slot of {@code <name>#i}; with few shards, check the placement
         * ({@code redis-cli cluster keyslot '<name>#i'}) or use more shards than masters.
         *
         * @throws IllegalArgumentException if shards is not between 1 and {@value #MAX_SHARDS}
         */
        public Builder shards(int shards) {
            if (shards < 1 || shards > MAX_SHARDS) {
                throw new IllegalArgumentException("shards must be between 1 and " + MAX_SHARDS + ", was " + shards);
            }
            this.shards = shards;
            return this;
        }

        /** The options. */
        public QueueOptions build() {
            return new QueueOptions(priorities, shards);
        }
    }
}
