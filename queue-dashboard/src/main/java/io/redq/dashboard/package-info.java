/**
 * The redq web dashboard: a small HTTP server (the JDK's own) with one page and a JSON API that
 * show every queue's counts and throughput, browse, requeue and delete dead letters, and list live
 * workers. Embed it with {@link io.redq.dashboard.Dashboard#builder(io.redq.core.RedQ)}, or run
 * {@link io.redq.dashboard.DashboardMain} on its own. See {@code docs/dashboard.md}.
 */
package io.redq.dashboard;
