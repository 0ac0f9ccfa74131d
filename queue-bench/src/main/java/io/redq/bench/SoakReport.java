package io.redq.bench;

import java.util.List;
import java.util.LongSummaryStatistics;

/**
 * What a soak run found. It passed when no acknowledged task was lost and no key of the queue was
 * left behind after the drain (only the run counts, which the soak itself writes and deletes).
 *
 * @param enqueued        tasks whose enqueue returned normally
 * @param enqueueFailures enqueue calls that threw (their tasks are not counted as enqueued)
 * @param lost            enqueued tasks that never ran
 * @param duplicates      extra runs (a task run twice counts 1)
 * @param unknownRuns     runs of task ids the producer never saw acknowledged (a failed call that wrote anyway)
 * @param workersStarted  worker JVMs started, replacements included
 * @param workersKilled   worker JVMs killed with SIGKILL
 * @param leftoverKeys    keys of the queue still there after the drain and the workers' stop
 * @param samples         the samples taken during the run
 * @param steadyHeap      heap after GC of the worker that was never killed, one value per 5 s
 */
public record SoakReport(long enqueued, long enqueueFailures, long lost, long duplicates, long unknownRuns,
                         int workersStarted, int workersKilled, List<String> leftoverKeys,
                         List<Soak.Sample> samples, List<Long> steadyHeap) {

    /** True if nothing was lost and nothing was left behind. */
    public boolean passed() {
        return lost == 0 && leftoverKeys.isEmpty();
    }

    /** The report as a few lines of text. */
    public String summary() {
        LongSummaryStatistics memory = samples.stream().mapToLong(s -> s.usedMemory() - s.runsHashBytes())
                .summaryStatistics();
        LongSummaryStatistics keys = samples.stream().mapToLong(Soak.Sample::queueKeys).summaryStatistics();
        LongSummaryStatistics heap = steadyHeap.stream().mapToLong(Long::longValue).summaryStatistics();
        String heapLine = steadyHeap.isEmpty() ? "no samples"
                : String.format("first %.1f MiB, last %.1f MiB, max %.1f MiB over %d samples", mib(steadyHeap.get(0)),
                mib(steadyHeap.get(steadyHeap.size() - 1)), mib(heap.getMax()), steadyHeap.size());
        return String.join("\n",
                "soak result: " + (passed() ? "PASSED" : "FAILED"),
                "  enqueued " + enqueued + " (" + enqueueFailures + " enqueue calls failed), lost " + lost
                        + ", duplicates " + duplicates + ", runs of unacknowledged ids " + unknownRuns,
                "  worker JVMs started " + workersStarted + ", killed with SIGKILL " + workersKilled,
                String.format("  Redis used_memory without the run counts: first %.1f MiB, min %.1f, max %.1f,"
                                + " last %.1f MiB", mib(samples.get(0).usedMemory() - samples.get(0).runsHashBytes()),
                        mib(memory.getMin()), mib(memory.getMax()), mib(samples.get(samples.size() - 1).usedMemory()
                                - samples.get(samples.size() - 1).runsHashBytes())),
                "  keys of the queue (run counts excluded): min " + keys.getMin() + ", max " + keys.getMax()
                        + "; left after the drain: " + (leftoverKeys.isEmpty() ? "none" : leftoverKeys),
                "  heap after GC of the never-killed worker: " + heapLine);
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
