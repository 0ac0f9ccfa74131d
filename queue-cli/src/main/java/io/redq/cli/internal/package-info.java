/**
 * The commands of the {@code redq} tool and their helpers. Internal: may change without notice.
 */
package io.redq.cli.internal;
