package io.redq;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The priority levels of a queue. Levels are numbered {@code 0..levels-1} and <b>level 0 is the
 * most urgent</b>; each level is its own Redis list, FIFO inside a level. Names may be mapped to
 * levels ({@code "urgent" → 0}).
 *
 * <ul>
 *   <li>{@link #strict(int)}: a worker always takes from the most urgent non-empty level;
 *       bulk work waits while urgent work keeps coming.</li>
 *   <li>{@link #weighted(int...)}: each task a worker takes is drawn by weight among the non-empty
 *       levels ({@code weighted(6, 3, 1)} gives 60/30/10 under full backlog), so no level starves.</li>
 * </ul>
 * Every producer and worker of a queue must use the same priorities. Immutable.
 *
 * @since 0.1
 */
public final class Priorities {

    /** Most levels a queue may declare. */
    public static final int MAX_LEVELS = 16;

    private static final Priorities NONE = new Priorities(false, new int[] {1}, 0, Map.of());

    private final boolean weighted;
    private final int[] weights;
    private final int defaultLevel;
    private final Map<String, Integer> names;

    private Priorities(boolean weighted, int[] weights, int defaultLevel, Map<String, Integer> names) {
        this.weighted = weighted;
        this.weights = weights;
        this.defaultLevel = defaultLevel;
        this.names = names;
    }

    /** A single level: the queue keeps one ready list and the plain BLMOVE fetch. */
    public static Priorities none() {
        return NONE;
    }

    /**
     * Strict order over {@code levels} levels.
     *
     * @param levels 2 to {@value #MAX_LEVELS}
     * @throws IllegalArgumentException if levels is out of range
     */
    public static Priorities strict(int levels) {
        if (levels < 2 || levels > MAX_LEVELS) {
            throw new IllegalArgumentException("levels must be between 2 and " + MAX_LEVELS + ", was " + levels);
        }
        int[] w = new int[levels];
        Arrays.fill(w, 1);
        return new Priorities(false, w, levels - 1, Map.of());
    }

    /**
     * Weighted draw over as many levels as weights, level 0 first: {@code weighted(6, 3, 1)}.
     *
     * @param weights 2 to {@value #MAX_LEVELS} weights, each 1 to 1,000
     * @throws IllegalArgumentException if a weight or the number of weights is out of range
     */
    public static Priorities weighted(int... weights) {
        Objects.requireNonNull(weights, "weights must not be null");
        if (weights.length < 2 || weights.length > MAX_LEVELS) {
            throw new IllegalArgumentException("weights must name between 2 and " + MAX_LEVELS
                    + " levels, was " + weights.length);
        }
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 1 || weights[i] > 1000) {
                throw new IllegalArgumentException("weight of level " + i + " must be between 1 and 1000, was "
                        + weights[i]);
            }
        }
        return new Priorities(true, weights.clone(), weights.length - 1, Map.of());
    }

    /**
     * The level a task gets when enqueued without a priority (default: the least urgent level).
     *
     * @throws IllegalArgumentException if the level is not declared
     */
    public Priorities defaultLevel(int level) {
        checkLevel(level);
        return new Priorities(weighted, weights, level, names);
    }

    /**
     * Gives a level a name producers may use instead of the number.
     *
     * @throws IllegalArgumentException if the name is blank or the level not declared
     */
    public Priorities name(String name, int level) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("level name must not be null or blank");
        }
        checkLevel(level);
        Map<String, Integer> copy = new LinkedHashMap<>(names);
        copy.put(name, level);
        return new Priorities(weighted, weights, defaultLevel, Map.copyOf(copy));
    }

    /** Number of levels; 1 for {@link #none()}. */
    public int levels() {
        return weights.length;
    }

    /** True for weighted mode, false for strict (or a single level). */
    public boolean isWeighted() {
        return weighted;
    }

    /** The weight of one level (1 in strict mode). */
    public int weight(int level) {
        checkLevel(level);
        return weights[level];
    }

    /** The level used when a task names none. */
    public int defaultLevel() {
        return defaultLevel;
    }

    /**
     * Checks a level number.
     *
     * @throws IllegalArgumentException naming the value and the declared range
     */
    public int checkLevel(int level) {
        if (level < 0 || level >= weights.length) {
            throw new IllegalArgumentException("priority " + level + " is outside the declared levels 0.."
                    + (weights.length - 1) + (weights.length == 1 ? " (the queue declares no priorities)" : ""));
        }
        return level;
    }

    /**
     * The level of a name.
     *
     * @throws IllegalArgumentException if the name is not declared
     */
    public int level(String name) {
        Integer level = names.get(name);
        if (level == null) {
            throw new IllegalArgumentException("priority '" + name + "' is not a declared level name "
                    + names.keySet());
        }
        return level;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Priorities p && p.weighted == weighted && Arrays.equals(p.weights, weights)
                && p.defaultLevel == defaultLevel && p.names.equals(names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(weighted, Arrays.hashCode(weights), defaultLevel, names);
    }

    @Override
    public String toString() {
        return weights.length == 1 ? "Priorities{none}" : "Priorities{" + (weighted ? "weighted " + Arrays.toString(weights)
                : "strict " + weights.length) + ", default " + defaultLevel + ", names " + names + "}";
    }
}
