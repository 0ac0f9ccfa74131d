/**
 * The Redis implementation behind {@link io.redq.ratelimit.Limits}: keys, Lua scripts (GCRA for
 * rates, a sorted set of leased holders for concurrency), lease renewal and events. Internal: these
 * types may change without notice in any release.
 */
package io.redq.ratelimit.internal;
