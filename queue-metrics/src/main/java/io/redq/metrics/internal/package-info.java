/**
 * Implementation of the metrics module. Internal: may change without notice.
 */
package io.redq.metrics.internal;
