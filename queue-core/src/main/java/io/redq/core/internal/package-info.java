/**
 * The Redis implementation behind {@code io.redq.core.RedQ}: keys, Lua scripts, producer, worker,
 * recovery and dead-letter store. Internal: these types may change without notice in any release.
 */
package io.redq.core.internal;
