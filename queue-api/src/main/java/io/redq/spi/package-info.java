/**
 * Service-provider interfaces: what other modules (such as {@code queue-retry}) plug into the core.
 *
 * @since 0.1
 */
package io.redq.spi;
