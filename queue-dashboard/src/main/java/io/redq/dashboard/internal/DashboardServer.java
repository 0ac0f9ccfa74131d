package io.redq.dashboard.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.redq.QueueUnavailableException;
import io.redq.TaskQueue;
import io.redq.core.RedQ;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the dashboard on the JDK's {@link HttpServer}: one handler for every path, so
 * the same checks run on each (the Host of a loopback server, credentials, the same-origin rule for
 * changes), then the page's static files or the JSON API, and the security headers on every answer.
 */
public final class DashboardServer {

    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Header the page sends with every change; a cross-site form cannot set it, a cross-origin script must ask first. */
    static final String CHANGE_HEADER = "X-Redq-Dashboard";
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/app.css", "app.css");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService pool;
    private final QueueDirectory queues;
    private final Auth auth;
    private final Api api;
    private final boolean readOnly;
    private final Set<String> allowedHosts;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private DashboardServer(HttpServer server, ExecutorService pool, QueueDirectory queues, Auth auth, boolean readOnly,
                            Set<String> allowedHosts) {
        this.server = server;
        this.pool = pool;
        this.queues = queues;
        this.auth = auth;
        this.readOnly = readOnly;
        this.allowedHosts = allowedHosts;
        this.api = new Api(queues, new Throughput(System::nanoTime), readOnly);
    }

    /** Binds and starts; the caller has checked every setting. */
    public static DashboardServer start(RedQ redq, List<TaskQueue> declared, Auth auth, boolean readOnly,
                                        InetAddress bind, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 50);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "redq-dashboard-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        int actual = http.getAddress().getPort();
        // a server on loopback answers only to loopback names: a web page that rebinds its own host
        // name to 127.0.0.1 is not same-origin with it
        Set<String> hosts = bind.isLoopbackAddress()
                ? Set.of("127.0.0.1:" + actual, "localhost:" + actual, "[::1]:" + actual) : Set.of();
        DashboardServer s = new DashboardServer(http, pool, new QueueDirectory(redq, declared), auth, readOnly, hosts);
        http.createContext("/", s::handle);
        http.start();
        log.info("redq dashboard listening on {}", s.url());
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        InetAddress a = server.getAddress().getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    public boolean readOnly() {
        return readOnly;
    }

    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            server.stop(0);
            pool.shutdownNow();
            queues.close();
        }
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            drain(ex);
            securityHeaders(ex.getResponseHeaders());
            String host = ex.getRequestHeaders().getFirst("Host");
            if (!allowedHosts.isEmpty() && (host == null || !allowedHosts.contains(host.toLowerCase()))) {
                sendError(ex, new HttpError(403, "unexpected Host header '" + host + "': open the dashboard as "
                        + url()));
                return;
            }
            route(ex);
        } catch (IOException e) {
            log.debug("dashboard: the client went away: {}", e.toString());
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        try {
            Map<String, String> params = Paths.query(ex.getRequestURI().getRawQuery());
            if (method.equals("GET") && path.equals("/") && params.containsKey("token") && auth.hasToken()) {
                tokenLogin(ex, params.get("token"));
                return;
            }
            Auth.Via via = auth.check(ex);
            if (via == null) {
                unauthorized(ex);
                return;
            }
            if (path.startsWith("/api/")) {
                sendJson(ex, 200, api(ex, via, method, Paths.segments(path.substring(5)), params));
            } else if (STATIC.containsKey(path)) {
                allow(method, "GET");
                sendStatic(ex, STATIC.get(path));
            } else {
                throw new HttpError(404, "no such page: " + path);
            }
        } catch (HttpError e) {
            sendError(ex, e);
        } catch (QueueUnavailableException e) {
            sendError(ex, new HttpError(503, e.getMessage()));
        } catch (IllegalArgumentException e) {
            sendError(ex, new HttpError(400, e.getMessage()));
        } catch (RuntimeException e) {
            log.error("dashboard: {} {} failed", method, path, e);
            sendError(ex, new HttpError(500, "internal error: " + e));
        }
    }

    private Map<String, Object> api(HttpExchange ex, Auth.Via via, String method, List<String> s,
                                    Map<String, String> params) {
        if (s.equals(List.of("config"))) {
            allow(method, "GET");
            return api.config();
        }
        if (s.isEmpty() || !s.get(0).equals("queues")) {
            throw new HttpError(404, "no such API route: /api/" + String.join("/", s));
        }
        if (s.size() == 1) {
            allow(method, "GET");
            return api.queues();
        }
        String queue = s.get(1);
        if (s.size() == 3 && s.get(2).equals("workers")) {
            allow(method, "GET");
            return api.workers(queue);
        }
        if (s.size() == 3 && s.get(2).equals("dead")) {
            allow(method, "GET");
            return api.deadList(queue, params);
        }
        if (s.size() == 4 && s.get(2).equals("dead")) {
            if (method.equals("DELETE")) {
                checkChange(ex, via);
                return api.delete(queue, s.get(3));
            }
            allow(method, "GET, DELETE");
            return api.deadShow(queue, s.get(3));
        }
        if (s.size() == 5 && s.get(2).equals("dead") && s.get(4).equals("requeue")) {
            allow(method, "POST");
            checkChange(ex, via);
            return api.requeue(queue, s.get(3));
        }
        throw new HttpError(404, "no such API route: /api/" + String.join("/", s));
    }

    /** A change must come from the page itself (or a program with a bearer header), never from another site. */
    private void checkChange(HttpExchange ex, Auth.Via via) {
        Headers h = ex.getRequestHeaders();
        String origin = h.getFirst("Origin");
        String host = h.getFirst("Host");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            throw new HttpError(403, "cross-origin request from " + origin + " refused");
        }
        String site = h.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new HttpError(403, "request from another site (Sec-Fetch-Site: " + site + ") refused");
        }
        if (via != Auth.Via.BEARER_HEADER && !"1".equals(h.getFirst(CHANGE_HEADER))) {
            throw new HttpError(403, "a request that changes data must carry the header " + CHANGE_HEADER
                    + ": 1 (the page sends it) or authenticate with Authorization: Bearer");
        }
    }

    private static void allow(String method, String allowed) {
        for (String m : allowed.split(", ")) {
            if (m.equals(method)) {
                return;
            }
        }
        throw new HttpError(405, "method " + method + " not allowed here; allowed: " + allowed);
    }

    private void tokenLogin(HttpExchange ex, String token) throws IOException {
        if (!auth.tokenMatches(token)) {
            unauthorized(ex);
            return;
        }
        // the token leaves the address bar (and history) at once; the page and its API calls use the cookie
        ex.getResponseHeaders().add("Set-Cookie", Auth.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
        ex.getResponseHeaders().set("Location", "/");
        ex.sendResponseHeaders(303, -1);
    }

    private void unauthorized(HttpExchange ex) throws IOException {
        auth.challenges().forEach(c -> ex.getResponseHeaders().add("WWW-Authenticate", c));
        List<String> ways = new ArrayList<>();
        if (auth.hasToken()) {
            ways.add("send Authorization: Bearer <token>");
            ways.add("open /?token=<token> in a browser");
        }
        if (auth.challenges().size() > 1 || !auth.hasToken()) {
            ways.add("give the user and password (HTTP Basic)");
        }
        sendError(ex, new HttpError(401, "authentication required: " + String.join(", or ", ways)));
    }

    private static void securityHeaders(Headers h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
    }

    private static void sendStatic(HttpExchange ex, String file) throws IOException {
        byte[] body;
        try (InputStream in = DashboardServer.class.getResourceAsStream("/io/redq/dashboard/static/" + file)) {
            if (in == null) {
                throw new HttpError(500, "static file " + file + " is missing from the classpath");
            }
            body = in.readAllBytes();
        }
        String type = file.endsWith(".html") ? "text/html; charset=utf-8"
                : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        send(ex, 200, type, body);
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void sendError(HttpExchange ex, HttpError e) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        if (e.parameter != null) {
            body.put("parameter", e.parameter);
        }
        body.put("status", e.status);
        if (e.status == 405) {
            String allowed = e.getMessage().substring(e.getMessage().indexOf("allowed: ") + 9);
            ex.getResponseHeaders().set("Allow", allowed);
        }
        sendJson(ex, e.status, body);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    private static void drain(HttpExchange ex) throws IOException {
        // read, never skip(): the server's body stream passes skip() to the socket, past the body's end
        try (InputStream in = ex.getRequestBody()) {
            in.readNBytes(64 * 1024);
        }
    }
}
