/**
 * The dashboard's HTTP handlers, authentication, queue lookup and throughput samples. Internal: may
 * change without notice.
 */
package io.redq.dashboard.internal;
