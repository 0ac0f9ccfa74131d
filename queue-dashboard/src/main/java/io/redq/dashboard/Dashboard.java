package io.redq.dashboard;

import io.redq.TaskQueue;
import io.redq.core.RedQ;
import io.redq.dashboard.internal.Auth;
import io.redq.dashboard.internal.DashboardServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A web dashboard over the queues of one {@link RedQ}: one page and a JSON API under
 * {@code /api}, served by the JDK's built-in HTTP server.
 *
 * <pre>{@code
 * Dashboard dashboard = Dashboard.builder(redq)
 *         .port(8080)
 *         .token(System.getenv("REDQ_DASHBOARD_TOKEN"))
 *         .start();
 * // ... later
 * dashboard.close();
 * }</pre>
 *
 * <p>Every route, the page and its static files included, requires credentials: a bearer token,
 * a user and password (HTTP Basic), or both. A dashboard without authentication must be asked for
 * with {@link Builder#noAuthentication()}. {@link Builder#readOnly(boolean)} hides the requeue and
 * delete buttons and answers 403 to those requests.
 *
 * <p>The queues shown are those in the registry ({@link RedQ#queueNames()}). The priority levels of
 * a queue are not recorded in Redis; pass the {@link TaskQueue}s of your application to
 * {@link Builder#queue(TaskQueue)} so that a requeue lands on the ready list its workers read. A
 * queue not passed is read with the levels its keys show, and a requeue is refused (409) while they
 * cannot be told.
 *
 * <p>Thread-safe. Closing it stops the server; it leaves the {@code RedQ} open.
 *
 * @since 0.1
 */
public final class Dashboard implements AutoCloseable {

    /** Default address to listen on: the loopback interface only. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** Default port. */
    public static final int DEFAULT_PORT = 8080;

    private final DashboardServer server;

    private Dashboard(DashboardServer server) {
        this.server = server;
    }

    /**
     * A builder for a dashboard over the queues of {@code redq}.
     *
     * @param redq the connection to read and change queues with, not null; the dashboard does not close it
     * @throws NullPointerException if redq is null
     */
    public static Builder builder(RedQ redq) {
        return new Builder(Objects.requireNonNull(redq, "redq must not be null"));
    }

    /** The port the server listens on (the one chosen by the system when built with port 0). */
    public int port() {
        return server.port();
    }

    /** The address of the page, e.g. {@code http://127.0.0.1:8080/}, without credentials. */
    public String url() {
        return server.url();
    }

    /** True if requeue and delete are refused. */
    public boolean readOnly() {
        return server.readOnly();
    }

    /** Stops the server at once (requests in flight are cut off) and its threads; a second call does nothing. */
    @Override
    public void close() {
        server.stop();
    }

    /** Settings of a {@link Dashboard}; every setter checks its argument. */
    public static final class Builder {
        private final RedQ redq;
        private InetAddress bind;
        private int port = DEFAULT_PORT;
        private String token;
        private String user;
        private String password;
        private boolean noAuthentication;
        private boolean readOnly;
        private final List<TaskQueue> queues = new ArrayList<>();

        private Builder(RedQ redq) {
            this.redq = redq;
        }

        /**
         * The address to listen on (default {@value Dashboard#DEFAULT_BIND}, this machine only).
         * {@code 0.0.0.0} listens on every interface: put TLS in front of it.
         *
         * @throws IllegalArgumentException if the address is blank or cannot be resolved
         */
        public Builder bind(String address) {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("bind address must not be null or blank");
            }
            try {
                this.bind = InetAddress.getByName(address.trim());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bind address '" + address + "' cannot be resolved", e);
            }
            return this;
        }

        /**
         * The port (default {@value Dashboard#DEFAULT_PORT}); 0 lets the system choose a free one,
         * which {@link Dashboard#port()} tells after start.
         *
         * @throws IllegalArgumentException if the port is not between 0 and 65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Requires this bearer token: in an {@code Authorization: Bearer} header, or once in the page's
         * address ({@code /?token=...}), which the server swaps for an HTTP-only, same-site cookie.
         *
         * @param token at least 16 characters, no whitespace
         * @throws IllegalArgumentException if the token is null, shorter than 16 characters or holds whitespace
         */
        public Builder token(String token) {
            this.token = Auth.checkToken(token);
            return this;
        }

        /**
         * Requires this user and password (HTTP Basic; the browser asks for them). Combined with a
         * token, either one is accepted.
         *
         * @throws IllegalArgumentException if the user is blank or holds a colon, or the password is shorter than 8 characters
         */
        public Builder basicAuth(String user, String password) {
            Auth.checkBasic(user, password);
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Serves the dashboard without any credentials. Only for a dashboard that something else
         * protects (a reverse proxy that authenticates); anyone who reaches the port can then requeue
         * and delete dead letters unless it is also {@link #readOnly(boolean) read-only}.
         */
        public Builder noAuthentication() {
            this.noAuthentication = true;
            return this;
        }

        /** With true, requeue and delete are hidden in the page and answered with 403 (default false). */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Declares a queue of the application, with its priority levels, so that the dashboard reads
         * and requeues it as its workers do. It is shown even before it is in the registry.
         *
         * @throws NullPointerException if queue is null
         */
        public Builder queue(TaskQueue queue) {
            queues.add(Objects.requireNonNull(queue, "queue must not be null"));
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws IllegalStateException if neither a token, nor a user and password, nor
         *                               {@link #noAuthentication()} was given
         * @throws UncheckedIOException  if the address and port cannot be bound (in use, not local, not allowed)
         */
        public Dashboard start() {
            if (token == null && user == null && !noAuthentication) {
                throw new IllegalStateException("the dashboard needs authentication: set token(...) and/or"
                        + " basicAuth(user, password), or call noAuthentication() if something in front of it"
                        + " authenticates");
            }
            Auth auth = noAuthentication && token == null && user == null ? Auth.none() : Auth.of(token, user, password);
            InetAddress address = bind;
            if (address == null) {
                try {
                    address = InetAddress.getByName(DEFAULT_BIND);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            try {
                return new Dashboard(DashboardServer.start(redq, queues, auth, readOnly, address, port));
            } catch (IOException e) {
                throw new UncheckedIOException("could not listen on " + address.getHostAddress() + ":" + port + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
