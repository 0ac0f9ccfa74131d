/**
 * The implementation behind {@link io.redq.retry.RetryPolicy}: exception matching, interval
 * functions and the decision rules. Internal: these types may change without notice in any release.
 */
package io.redq.retry.internal;
