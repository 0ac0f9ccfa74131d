package io.redq.ratelimit;

/**
 * One held permit of a {@link ConcurrencyLimiter}. While it is held its lease is renewed in the
 * background; {@link #close()} gives it back. If the holder's JVM dies, renewals stop and the
 * permit comes free when the lease ends.
 *
 * <pre>{@code
 * try (Permit permit = encodes.acquire()) {
 *     encode(video);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public interface Permit extends AutoCloseable {

    /** @return the holder id stored in Redis (process id, random part, sequence); never null */
    String holderId();

    /** @return the name of the limiter it belongs to; never null */
    String limiter();

    /**
     * @return false once the permit was given back, or once a renewal found it gone (evicted after
     *         its lease ended, e.g. after a long pause)
     */
    boolean isHeld();

    /**
     * Stops renewing and gives the permit back. Calling it again does nothing. If Redis cannot be
     * reached the permit comes free when its lease ends; nothing is thrown.
     */
    @Override
    void close();
}
