package io.redq.bench;

import io.redq.QueueUnavailableException;
import io.redq.TaskQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Enqueues soak tasks at a steady rate on its own thread (every 10 ms, whatever the rate says is
 * due, in one enqueueAll) and keeps the id of every task whose enqueue returned normally.
 */
final class SteadyProducer {

    private final TaskQueue queue;
    private final int rate;
    private final SoakWorker.Task task;
    private final Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long failures;

    SteadyProducer(TaskQueue queue, int rate, long taskMillis) {
        this.queue = queue;
        this.rate = rate;
        this.task = new SoakWorker.Task(taskMillis);
        this.thread = new Thread(this::produce, "soak-producer");
    }

    void start() {
        thread.start();
    }

    private void produce() {
        long t0 = System.nanoTime();
        long sent = 0;
        while (running) {
            long due = (System.nanoTime() - t0) * rate / 1_000_000_000L - sent;
            if (due > 0) {
                int n = (int) Math.min(due, 1_000);
                List<SoakWorker.Task> batch = new ArrayList<>(Collections.nCopies(n, task));
                try {
                    acknowledged.addAll(queue.producer().enqueueAll("soak", batch));
                } catch (QueueUnavailableException e) {
                    failures++; // not acknowledged: not counted as enqueued
                }
                sent += n;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long acknowledged() {
        return acknowledged.size();
    }

    long failures() {
        return failures;
    }

    /** Stops producing and returns the ids of every acknowledged task. */
    Set<String> stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        synchronized (acknowledged) {
            return Set.copyOf(acknowledged);
        }
    }
}
