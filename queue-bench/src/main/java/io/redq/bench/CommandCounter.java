package io.redq.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the commands that clients send to Redis, by command name, with MONITOR on a raw
 * connection. Commands run inside Lua scripts (MONITOR shows them as "[0 lua]") are not round
 * trips and are not counted; nor are commands of clients connected before the counter started
 * (the benchmark's own control connections), so only a client created afterwards is measured.
 */
final class CommandCounter implements AutoCloseable {

    private final Resp monitor;
    private final Set<String> excluded;
    private final Map<String, Long> counts = new HashMap<>();
    private final Thread reader;

    private CommandCounter(RedisTarget target, Resp control) {
        this.monitor = Resp.connect(target);
        this.excluded = new HashSet<>(control.clientAddresses()); // includes the monitor connection
        Object ok = monitor.call("MONITOR");
        if (!"OK".equals(ok)) {
            throw new IllegalStateException("MONITOR answered " + ok);
        }
        this.reader = new Thread(this::readLines, "bench-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts counting commands of clients that connect from now on. */
    static CommandCounter start(RedisTarget target, Resp control) {
        return new CommandCounter(target, control);
    }

    private void readLines() {
        try {
            for (String line; (line = monitor.readLine()) != null; ) {
                count(line);
            }
        } catch (IOException | UncheckedIOException closed) {
            // the counter was closed
        }
    }

    private void count(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open + 1);
        if (open < 0 || close < 0) {
            return;
        }
        String inside = line.substring(open + 1, close);
        String addr = inside.substring(inside.indexOf(' ') + 1);
        if ("lua".equals(addr) || excluded.contains(addr)) {
            return;
        }
        int q1 = line.indexOf('"', close);
        int q2 = q1 < 0 ? -1 : line.indexOf('"', q1 + 1);
        if (q2 < 0) {
            return;
        }
        String command = line.substring(q1 + 1, q2).toUpperCase();
        synchronized (counts) {
            counts.merge(command, 1L, Long::sum);
        }
    }

    /** Commands counted so far, by name. MONITOR is asynchronous: the last few may still be in flight. */
    Map<String, Long> snapshot() {
        synchronized (counts) {
            return new TreeMap<>(counts);
        }
    }

    static long total(Map<String, Long> byCommand) {
        return byCommand.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The difference of two snapshots, by name (zeros dropped). */
    static Map<String, Long> minus(Map<String, Long> later, Map<String, Long> earlier) {
        Map<String, Long> d = new TreeMap<>();
        later.forEach((k, v) -> {
            long n = v - earlier.getOrDefault(k, 0L);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }

    @Override
    public void close() {
        monitor.close();
    }
}
