/**
 * Internal helpers of {@code queue-test}: RESP encoding, process signalling and clean-up.
 *
 * <p>Nothing in this package is public API. It may change or disappear without notice;
 * use the types in {@link io.redq.test} instead.
 */
package io.redq.test.internal;
