package io.redq.retry.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Argument checks of the retry policy builder, each with a message that names the field and the
 * bad value, in the style of Resilience4j's configs.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * @return the duration in milliseconds
     * @throws NullPointerException     if value is null
     * @throws IllegalArgumentException if it is shorter than 1 ms or too long for a long of ms
     */
    public static long millis(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        long ms;
        try {
            ms = value.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " must fit in a long of milliseconds, was " + value, e);
        }
        if (ms < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
        }
        return ms;
    }

    /** @throws IllegalArgumentException if value is less than 1 */
    public static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException if value is NaN, infinite or less than 1.0 */
    public static double multiplier(double value, String name) {
        if (!Double.isFinite(value) || value < 1.0) {
            throw new IllegalArgumentException(name + " must be a finite number of at least 1.0, was " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException if value is NaN or outside [0, 1] */
    public static double factor(double value, String name) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0.0 and 1.0, was " + value);
        }
        return value;
    }

    /**
     * @return the types as an unmodifiable list
     * @throws NullPointerException     if the array or an element is null
     * @throws IllegalArgumentException if the array is empty
     */
    public static List<Class<? extends Throwable>> types(Class<? extends Throwable>[] types, String name) {
        Objects.requireNonNull(types, name + " types must not be null");
        if (types.length == 0) {
            throw new IllegalArgumentException(name + " needs at least one exception type");
        }
        for (Class<? extends Throwable> type : types) {
            Objects.requireNonNull(type, name + " type must not be null");
        }
        return List.of(types);
    }
}
