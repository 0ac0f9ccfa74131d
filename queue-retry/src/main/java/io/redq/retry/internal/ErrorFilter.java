package io.redq.retry.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which errors a retry policy retries and which it aborts on, by type ({@code instanceof}) or by
 * predicate, plus the cause-chain search for the explicit signals. Immutable and thread-safe.
 */
public final class ErrorFilter {

    /** Longest cause chain searched; deeper chains are cut off (they are almost always cycles). */
    static final int MAX_CAUSE_DEPTH = 64;

    private final List<Class<? extends Throwable>> retryOn;
    private final List<Predicate<? super Throwable>> retryIf;
    private final List<Class<? extends Throwable>> abortOn;
    private final List<Predicate<? super Throwable>> abortIf;

    /**
     * @param retryOn types retried; with {@code retryIf}, must not both be empty
     * @param retryIf predicates that retry an error they accept
     * @param abortOn types aborted on
     * @param abortIf predicates that abort on an error they accept
     */
    public ErrorFilter(List<Class<? extends Throwable>> retryOn, List<Predicate<? super Throwable>> retryIf,
                       List<Class<? extends Throwable>> abortOn, List<Predicate<? super Throwable>> abortIf) {
        this.retryOn = List.copyOf(retryOn);
        this.retryIf = List.copyOf(retryIf);
        this.abortOn = List.copyOf(abortOn);
        this.abortIf = List.copyOf(abortIf);
        if (this.retryOn.isEmpty() && this.retryIf.isEmpty()) {
            throw new IllegalArgumentException("retryOn must name at least one type or predicate");
        }
    }

    /** True if the error is an instance of an abort-on type or accepted by an abort-on predicate. */
    public boolean aborts(Throwable error) {
        return matches(error, abortOn, abortIf);
    }

    /** True if the error is an instance of a retry-on type or accepted by a retry-on predicate. */
    public boolean retries(Throwable error) {
        return matches(error, retryOn, retryIf);
    }

    /** The retry-on types, unmodifiable. */
    public List<Class<? extends Throwable>> retryOn() {
        return retryOn;
    }

    /** The abort-on types, unmodifiable. */
    public List<Class<? extends Throwable>> abortOn() {
        return abortOn;
    }

    private static boolean matches(Throwable error, List<Class<? extends Throwable>> types,
                                   List<Predicate<? super Throwable>> predicates) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        for (Predicate<? super Throwable> predicate : predicates) {
            if (predicate.test(error)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first throwable of the given type in the cause chain, starting with {@code error} itself;
     * safe against cycles.
     *
     * @return the match, or null if there is none
     */
    public static <T extends Throwable> T inCauseChain(Throwable error, Class<T> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable t = error;
        while (t != null && seen.size() < MAX_CAUSE_DEPTH && seen.add(t)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            t = t.getCause();
        }
        return null;
    }

    @Override
    public String toString() {
        return "retryOn=" + names(retryOn) + (retryIf.isEmpty() ? "" : "+" + retryIf.size() + " predicate(s)")
                + ", abortOn=" + names(abortOn) + (abortIf.isEmpty() ? "" : "+" + abortIf.size() + " predicate(s)");
    }

    private static String names(List<Class<? extends Throwable>> types) {
        return types.stream().map(Class::getSimpleName).toList().toString();
    }
}
