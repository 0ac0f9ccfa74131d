package io.redq;

import java.util.Objects;

/**
 * Settings of one queue that its producers and workers share: today its {@link Priorities}.
 * Immutable: {@code QueueOptions.builder().priorities(Priorities.weighted(6, 3, 1)).build()}.
 *
 * @since 0.1
 */
public final class QueueOptions {

    private static final QueueOptions DEFAULTS = new QueueOptions(Priorities.none());

    private final Priorities priorities;

    private QueueOptions(Priorities priorities) {
        this.priorities = priorities;
    }

    /** One priority level. */
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

    @Override
    public boolean equals(Object o) {
        return o instanceof QueueOptions q && q.priorities.equals(priorities);
    }

    @Override
    public int hashCode() {
        return priorities.hashCode();
    }

    /** Builds {@link QueueOptions}. */
    public static final class Builder {
        private Priorities priorities = Priorities.none();

        private Builder() {
        }

        /** The priority levels (default {@link Priorities#none()}). */
        public Builder priorities(Priorities priorities) {
            this.priorities = Objects.requireNonNull(priorities, "priorities must not be null");
            return this;
        }

        /** Builds the options. */
        public QueueOptions build() {
            return new QueueOptions(priorities);
        }
    }
}
