package io.redq.dashboard.internal;

import io.redq.ConsumerInfo;
import io.redq.DeadLetter;
import io.redq.DeadLetterQueue;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.core.internal.DeadLetterJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API under {@code /api}: what each route reads or changes, as maps that the server
 * writes as JSON. Routing, authentication and the same-origin rule for changes are the server's.
 */
final class Api {

    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 50;

    private final QueueDirectory queues;
    private final Throughput throughput;
    private final boolean readOnly;

    Api(QueueDirectory queues, Throughput throughput, boolean readOnly) {
        this.queues = queues;
        this.throughput = throughput;
        this.readOnly = readOnly;
    }

    /** GET /api/config */
    Map<String, Object> config() {
        return Map.of("readOnly", readOnly);
    }

    /** GET /api/queues: every queue with its counts and throughput. */
    Map<String, Object> queues() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : queues.names()) {
            QueueDirectory.Entry e = queues.open(name);
            TaskQueue q = e.queue();
            QueueStats s = q.stats();
            Throughput.Figures t = throughput.record(name, s.completed());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("ready", s.ready());
            row.put("active", s.active());
            row.put("delayed", s.delayed());
            row.put("dead", s.dead());
            row.put("consumers", s.consumers());
            row.put("completed", s.completed());
            row.put("throughput", t.perSecond());
            row.put("throughputHistory", t.history());
            row.put("paused", q.isPaused());
            row.put("levels", q.options().priorities().levels());
            row.put("levelsKnown", e.levelsKnown());
            rows.add(row);
        }
        return Map.of("queues", rows);
    }

    /** GET /api/queues/{q}/dead?offset=&amp;limit= */
    Map<String, Object> deadList(String queue, Map<String, String> params) {
        int offset = intParam(params, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        DeadLetterQueue dead = queues.find(queue).queue().deadLetters();
        List<Map<String, Object>> records = new ArrayList<>();
        for (DeadLetter d : dead.list(offset, limit)) {
            records.add(DeadLetterJson.summary(d));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", queue);
        out.put("total", dead.size());
        out.put("offset", offset);
        out.put("limit", limit);
        out.put("records", records);
        return out;
    }

    /** GET /api/queues/{q}/dead/{id} */
    Map<String, Object> deadShow(String queue, String id) {
        return DeadLetterJson.full(record(queues.find(queue).queue(), id));
    }

    /** POST /api/queues/{q}/dead/{id}/requeue */
    Map<String, Object> requeue(String queue, String id) {
        refuseIfReadOnly();
        QueueDirectory.Entry e = queues.find(queue);
        DeadLetter d = record(e.queue(), id);
        if (!e.levelsKnown()) {
            throw new HttpError(409, QueueDirectory.unknownLevels(queue));
        }
        if (!e.queue().deadLetters().requeue(id)) {
            if (e.queue().deadLetters().get(id).isEmpty()) {
                throw notFound(queue, id);
            }
            throw new HttpError(409, "task '" + id + "' of queue '" + queue + "' cannot be requeued: " + d.reason()
                    + " (a malformed task can only be deleted)");
        }
        return Map.of("queue", queue, "requeued", id);
    }

    /** DELETE /api/queues/{q}/dead/{id} */
    Map<String, Object> delete(String queue, String id) {
        refuseIfReadOnly();
        if (!queues.find(queue).queue().deadLetters().delete(id)) {
            throw notFound(queue, id);
        }
        return Map.of("queue", queue, "deleted", id);
    }

    /** GET /api/queues/{q}/workers */
    Map<String, Object> workers(String queue) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ConsumerInfo c : queues.find(queue).queue().consumers()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", c.id());
            r.put("alive", c.alive());
            r.put("leaseExpiresAt", c.leaseExpiresAt().toEpochMilli());
            r.put("leaseLeftMs", c.leaseLeft().toMillis());
            r.put("inFlight", c.inFlight());
            rows.add(r);
        }
        return Map.of("queue", queue, "consumers", rows);
    }

    private void refuseIfReadOnly() {
        if (readOnly) {
            throw new HttpError(403, "the dashboard is read-only: requeue and delete are turned off");
        }
    }

    private static DeadLetter record(TaskQueue q, String id) {
        Optional<DeadLetter> d = q.deadLetters().get(id);
        return d.orElseThrow(() -> notFound(q.name(), id));
    }

    private static HttpError notFound(String queue, String id) {
        return new HttpError(404, "no dead-letter record with id '" + id + "' in queue '" + queue + "'");
    }

    static int intParam(Map<String, String> params, String name, int dflt, int min, int max) {
        String raw = params.get(name);
        if (raw == null) {
            return dflt;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, name + " must be a whole number, was '" + raw + "'", name);
        }
        if (value < min || value > max) {
            throw new HttpError(400, name + " must be between " + min + " and " + max + ", was " + value, name);
        }
        return value;
    }
}
