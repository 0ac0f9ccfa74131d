/**
 * The {@code redq} command-line tool: list queues and their counts, browse and act on dead-letter
 * records, pause and resume queues, and see live workers. Entry point: {@link io.redq.cli.RedqCli}.
 *
 * @since 0.1
 */
package io.redq.cli;
