package io.redq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.redq.DeadLetter;
import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.core.RedQ;
import io.redq.test.JvmProcess;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's JSON API over real HTTP against a real Redis: counts, dead letters, workers, auth, errors. */
@RedisTest
class DashboardApiIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "it-token-" + UUID.randomUUID();

    private RedQ redq;
    private Dashboard dashboard;
    private Http http;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        // a prefix of its own, so the registry holds only this test's queues
        redq = RedQ.builder().url(redis.url()).keyPrefix("dash-" + UUID.randomUUID().toString().substring(0, 8))
                .build();
    }

    @AfterEach
    void close() {
        if (dashboard != null) {
            dashboard.close();
        }
        redq.close();
    }

    private void start(Dashboard.Builder b) {
        dashboard = b.port(0).start();
        http = new Http(dashboard);
    }

    private Http.Response get(String path) {
        return Http.send(http.bearer(path, TOKEN).GET());
    }

    private Http.Response post(String path) {
        return Http.send(http.bearer(path, TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Http.Response delete(String path) {
        return Http.send(http.bearer(path, TOKEN).DELETE());
    }

    private static JsonNode row(JsonNode queues, String name) {
        return StreamSupport.stream(queues.get("queues").spliterator(), false)
                .filter(r -> r.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in " + queues));
    }

    @Test
    void queuesShowTheCountsOfEveryQueueInTheRegistryAndThroughputFromTheCompletedCounter() {
        TaskQueue mail = redq.queue("mail");
        TaskQueue reports = redq.queue("reports");
        mail.producer().enqueueAll("job", List.of(new Job(1, "a"), new Job(2, "b"), new Job(3, "c")));
        mail.producer().enqueue(TaskRequest.of("job", new Job(4, "later")).delay(Duration.ofHours(1)));
        reports.pause();
        start(Dashboard.builder(redq).token(TOKEN));

        Http.Response r = get("/api/queues");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode m = row(r.json(), "mail");
        assertThat(m.get("ready").asLong()).isEqualTo(3);
        assertThat(m.get("delayed").asLong()).isEqualTo(1);
        assertThat(m.get("active").asLong()).isZero();
        assertThat(m.get("dead").asLong()).isZero();
        assertThat(m.get("consumers").asLong()).isZero();
        assertThat(m.get("completed").asLong()).isZero();
        assertThat(m.get("paused").asBoolean()).isFalse();
        assertThat(row(r.json(), "reports").get("paused").asBoolean()).isTrue();

        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        try (Worker w = mail.worker().handle("job", Job.class, (job, ctx) -> seen.add(job.n())).start()) {
            await().atMost(WAIT).until(() -> seen.size() == 3);
            // the figure comes from successive readings of the counter, at least 0.9 s apart
            await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonNode now = row(get("/api/queues").json(), "mail");
                return now.get("completed").asLong() == 3 && now.get("consumers").asLong() == 1
                        && now.get("throughput").isNumber() && now.get("throughputHistory").size() >= 1;
            });
        }
        JsonNode after = row(get("/api/queues").json(), "mail");
        assertThat(after.get("ready").asLong()).isZero();
        assertThat(after.get("completed").asLong()).isEqualTo(3);
        assertThat(after.get("throughput").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void deadLettersAreListedShownRequeuedIntoARunningWorkerAndDeleted() {
        TaskQueue q = redq.queue("billing");
        Set<String> failOnce = ConcurrentHashMap.newKeySet();
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        String doomed = q.producer().enqueue("job", new Job(1, "<img src=x onerror=alert(1)>"));
        String other = q.producer().enqueue("job", new Job(2, "second"));
        failOnce.add(doomed);
        failOnce.add(other);
        start(Dashboard.builder(redq).token(TOKEN).queue(q));
        try (Worker w = q.worker().handle("job", Job.class, (job, ctx) -> {
            if (failOnce.remove(ctx.taskId())) {
                throw new IllegalStateException("card declined for " + job.note());
            }
            runs.merge(ctx.taskId(), 1, Integer::sum);
        }).start()) {
            await().atMost(WAIT).until(() -> q.deadLetters().size() == 2);

            JsonNode page = get("/api/queues/billing/dead?offset=0&limit=10").json();
            assertThat(page.get("total").asLong()).isEqualTo(2);
            assertThat(page.get("records")).hasSize(2);
            assertThat(page.get("records").get(0).get("reason").asText()).isEqualTo("failed");
            JsonNode second = get("/api/queues/billing/dead?offset=1&limit=1").json();
            assertThat(second.get("records")).hasSize(1);

            Http.Response show = get("/api/queues/billing/dead/" + Http.enc(doomed));
            assertThat(show.status()).as(show.toString()).isEqualTo(200);
            JsonNode rec = show.json();
            assertThat(rec.get("id").asText()).isEqualTo(doomed);
            assertThat(rec.get("errorClass").asText()).isEqualTo(IllegalStateException.class.getName());
            assertThat(rec.get("errorMessage").asText()).isEqualTo("card declined for <img src=x onerror=alert(1)>");
            assertThat(rec.get("stackHead").asText()).contains("IllegalStateException");
            assertThat(rec.get("attempts").asInt()).isEqualTo(1);
            assertThat(rec.get("envelope").get("payload").get("note").asText()).isEqualTo("<img src=x onerror=alert(1)>");

            Http.Response requeued = post("/api/queues/billing/dead/" + Http.enc(doomed) + "/requeue");
            assertThat(requeued.status()).as(requeued.toString()).isEqualTo(200);
            assertThat(requeued.json().get("requeued").asText()).isEqualTo(doomed);
            await().atMost(WAIT).until(() -> runs.getOrDefault(doomed, 0) == 1);
            assertThat(q.deadLetters().get(doomed)).isEmpty();

            Http.Response deleted = delete("/api/queues/billing/dead/" + Http.enc(other));
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
            assertThat(q.deadLetters().size()).isZero();
            assertThat(get("/api/queues/billing/dead/" + Http.enc(other)).status()).isEqualTo(404);
            assertThat(runs).doesNotContainKey(other);
        }
    }

    @Test
    void workersShowLiveConsumersWithLeaseAndTasksInFlight() throws Exception {
        TaskQueue q = redq.queue("slow");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        q.producer().enqueueAll("job", List.of(new Job(1, ""), new Job(2, "")));
        start(Dashboard.builder(redq).token(TOKEN));
        try (Worker w = q.worker().handle("job", Job.class,
                (job, ctx) -> release.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).start()) {
            await().atMost(WAIT).until(() -> {
                JsonNode c = get("/api/queues/slow/workers").json().get("consumers");
                return c.size() == 1 && c.get(0).get("inFlight").asLong() == 2;
            });
            JsonNode c = get("/api/queues/slow/workers").json().get("consumers").get(0);
            assertThat(c.get("id").asText()).isEqualTo(w.consumerId());
            assertThat(c.get("alive").asBoolean()).isTrue();
            assertThat(c.get("leaseLeftMs").asLong()).isPositive();
            release.countDown();
        }
        assertThat(get("/api/queues/slow/workers").json().get("consumers")).isEmpty();
    }

    @Test
    void readOnlyAnswers403ToChangesAndKeepsTheRecord() {
        TaskQueue q = redq.queue("frozen");
        String id = deadLetter(q);
        start(Dashboard.builder(redq).token(TOKEN).queue(q).readOnly(true));

        assertThat(get("/api/config").json().get("readOnly").asBoolean()).isTrue();
        Http.Response requeue = post("/api/queues/frozen/dead/" + Http.enc(id) + "/requeue");
        assertThat(requeue.status()).as(requeue.toString()).isEqualTo(403);
        assertThat(requeue.json().get("error").asText()).contains("read-only");
        assertThat(delete("/api/queues/frozen/dead/" + Http.enc(id)).status()).isEqualTo(403);
        assertThat(get("/api/queues/frozen/dead/" + Http.enc(id)).status()).isEqualTo(200);
        assertThat(q.deadLetters().get(id)).isPresent();
    }

    @Test
    void everyRouteAnswers401WithAChallengeWithoutOrWithWrongCredentials() {
        TaskQueue q = redq.queue("locked");
        String id = deadLetter(q);
        start(Dashboard.builder(redq).token(TOKEN).basicAuth("ops", "correct horse").queue(q));

        for (String path : List.of("/", "/index.html", "/app.js", "/app.css", "/api/queues", "/api/config",
                "/api/queues/locked/dead", "/api/queues/locked/workers", "/no/such/page")) {
            Http.Response none = Http.send(http.request(path).GET());
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.raw().headers().allValues("WWW-Authenticate")).as(path)
                    .anyMatch(v -> v.startsWith("Bearer")).anyMatch(v -> v.startsWith("Basic"));
            assertThat(Http.send(http.bearer(path, TOKEN + "x").GET()).status()).as(path).isEqualTo(401);
            assertThat(Http.send(http.request(path).header("Authorization", basic("ops", "wrong password")).GET())
                    .status()).as(path).isEqualTo(401);
        }
        Http.Response change = Http.send(http.request("/api/queues/locked/dead/" + Http.enc(id) + "/requeue")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(change.status()).isEqualTo(401);
        assertThat(q.deadLetters().get(id)).isPresent();

        assertThat(Http.send(http.request("/api/queues").header("Authorization", basic("ops", "correct horse"))
                .GET()).status()).isEqualTo(200);
        Http.Response page = get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    }

    @Test
    void theTokenInTheAddressBecomesACookieThatCannotChangeDataFromAnotherSite() {
        TaskQueue q = redq.queue("cookies");
        String id = deadLetter(q);
        start(Dashboard.builder(redq).token(TOKEN).queue(q));

        assertThat(Http.send(http.request("/?token=wrong-token-of-some-length").GET()).status()).isEqualTo(401);
        Http.Response login = Http.send(http.request("/?token=" + Http.enc(TOKEN)).GET());
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("Location")).isEqualTo("/");
        String setCookie = login.header("Set-Cookie");
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(Http.send(http.request("/app.js").header("Cookie", cookie).GET()).status()).isEqualTo(200);
        String path = "/api/queues/cookies/dead/" + Http.enc(id);
        // what a cross-site form post can do: the browser adds the cookie, but no custom header
        Http.Response formPost = Http.send(http.request(path + "/requeue").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(formPost.status()).as(formPost.toString()).isEqualTo(403);
        Http.Response crossOrigin = Http.send(http.request(path).header("Cookie", cookie)
                .header("X-Redq-Dashboard", "1").header("Origin", "http://evil.example").DELETE());
        assertThat(crossOrigin.status()).as(crossOrigin.toString()).isEqualTo(403);
        assertThat(q.deadLetters().get(id)).isPresent();

        Http.Response fromPage = Http.send(http.request(path).header("Cookie", cookie).header("X-Redq-Dashboard", "1")
                .header("Origin", "http://127.0.0.1:" + dashboard.port()).DELETE());
        assertThat(fromPage.status()).as(fromPage.toString()).isEqualTo(200);
        assertThat(q.deadLetters().get(id)).isEmpty();
    }

    @Test
    void unknownQueuesAndIdsAre404AndBadParametersAre400NamingThem() {
        TaskQueue q = redq.queue("known");
        String id = deadLetter(q);
        TaskQueue undeclared = redq.queue("undeclared");
        String undeclaredId = deadLetter(undeclared);
        start(Dashboard.builder(redq).token(TOKEN).queue(q));

        Http.Response noQueue = get("/api/queues/nowhere/dead");
        assertThat(noQueue.status()).isEqualTo(404);
        assertThat(noQueue.json().get("error").asText()).contains("'nowhere'");
        assertThat(get("/api/queues/nowhere/workers").status()).isEqualTo(404);
        assertThat(get("/api/queues/" + Http.enc("bad{name}") + "/dead").status()).isEqualTo(404);
        Http.Response noId = get("/api/queues/known/dead/no-such-id");
        assertThat(noId.status()).isEqualTo(404);
        assertThat(noId.json().get("error").asText()).contains("'no-such-id'").contains("'known'");
        assertThat(post("/api/queues/known/dead/no-such-id/requeue").status()).isEqualTo(404);
        assertThat(delete("/api/queues/known/dead/no-such-id").status()).isEqualTo(404);
        assertThat(get("/api/nothing").status()).isEqualTo(404);

        for (String query : List.of("limit=0", "limit=1001", "limit=ten", "offset=-1", "offset=x")) {
            Http.Response bad = get("/api/queues/known/dead?" + query);
            assertThat(bad.status()).as(query).isEqualTo(400);
            String parameter = query.substring(0, query.indexOf('='));
            assertThat(bad.json().get("parameter").asText()).as(query).isEqualTo(parameter);
            assertThat(bad.json().get("error").asText()).as(query).startsWith(parameter);
        }
        Http.Response wrongMethod = Http.send(http.bearer("/api/queues", TOKEN).DELETE());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET");

        // a queue whose levels cannot be told from its keys: reading works, a requeue is refused
        assertThat(get("/api/queues/undeclared/dead/" + Http.enc(undeclaredId)).status()).isEqualTo(200);
        Http.Response refused = post("/api/queues/undeclared/dead/" + Http.enc(undeclaredId) + "/requeue");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).contains("levels").contains("undeclared");
        assertThat(undeclared.deadLetters().get(undeclaredId)).isPresent();
        assertThat(q.deadLetters().get(id)).isPresent();
    }

    @Test
    void aDashboardWithoutAuthenticationMustBeAskedFor() {
        assertThatThrownBy(() -> Dashboard.builder(redq).port(0).start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs authentication").hasMessageContaining("noAuthentication()");
        assertThatThrownBy(() -> Dashboard.builder(redq).token("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 characters");
        assertThatThrownBy(() -> Dashboard.builder(redq).port(70000)).hasMessageContaining("port");
        start(Dashboard.builder(redq).noAuthentication());
        assertThat(dashboard.port()).isPositive();
        assertThat(Http.send(http.request("/api/queues").GET()).status()).isEqualTo(200);
        // open, but still not to other sites
        Http.Response formPost = Http.send(http.request("/api/queues/x/dead/y/requeue")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(formPost.status()).isEqualTo(403);
    }

    @Test
    void theStandaloneProgramRefusesBadArgumentsWithOneLineAndNoStackTrace() {
        for (List<String> args : List.of(List.of("--port", "abc"), List.of("--token", "short"),
                List.of("--levels", "q=0"), List.of("--frobnicate"))) {
            try (JvmProcess p = JvmProcess.start(DashboardMain.class, args)) {
                assertThat(p.waitForExit(WAIT)).as("%s", args).isEqualTo(DashboardMain.EXIT_USAGE);
                List<String> out = p.outputLines();
                assertThat(out).as("%s", args).hasSize(1);
                assertThat(out.get(0)).startsWith("redq-dashboard: ").doesNotContain("Exception");
            }
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Puts one task in the queue's dead-letter queue through a real worker. */
    private static String deadLetter(TaskQueue q) {
        String id = q.producer().enqueue("job", new Job(0, "doomed"));
        try (Worker w = q.worker().handle("job", Job.class, (job, ctx) -> {
            throw new IllegalStateException("doomed");
        }).start()) {
            await().atMost(WAIT).until(() -> q.deadLetters().get(id).map(DeadLetter::reason).isPresent());
        }
        return id;
    }
}
