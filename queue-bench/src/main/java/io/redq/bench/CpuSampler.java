package io.redq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of a group of local processes over an interval, from {@code /proc/<pid>/stat}
 * (user + system ticks), as a percentage of one core: 100 means one core busy all the time.
 * Used to say where a drain spends its time: in Redis or in the JVM(s).
 */
final class CpuSampler {

    /** Stands for "every CPU of the machine" in the PID list. */
    private static final long MACHINE = -2;
    /** Kernel clock ticks per second (USER_HZ); 100 on Linux for x86 and arm. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final List<Long> pids;
    private final long startTicks;
    private final long startNanos;

    private CpuSampler(List<Long> pids) {
        this.pids = pids;
        this.startTicks = ticks(pids);
        this.startNanos = System.nanoTime();
    }

    /** Starts sampling these PIDs (unknown ones, -1 or not on this machine, count as unreadable). */
    static CpuSampler start(List<Long> pids) {
        return new CpuSampler(pids);
    }

    /** Starts sampling the whole machine's busy time (all processes), from {@code /proc/stat}. */
    static CpuSampler machine() {
        return new CpuSampler(List.of(MACHINE));
    }

    static long selfPid() {
        return ProcessHandle.current().pid();
    }

    /** Percent of one core used since start, or -1 when a PID could not be read. */
    double percent() {
        long end = ticks(pids);
        if (startTicks < 0 || end < 0) {
            return -1;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return Math.round((end - startTicks) / TICKS_PER_SECOND / seconds * 1000) / 10.0;
    }

    private static long ticks(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            long t = ticks(pid);
            if (t < 0) {
                return -1;
            }
            sum += t;
        }
        return sum;
    }

    /** utime + stime of one process (or busy time of the machine), or -1 if it cannot be read. */
    static long ticks(long pid) {
        if (pid == MACHINE) {
            return machineBusyTicks();
        }
        if (pid <= 0) {
            return -1;
        }
        try {
            return busyTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU ticks of every thread of these processes, summed by thread kind: the thread name as
     * Linux keeps it (its first 15 characters) without digits, e.g. "redq-handler-b", "C2
     * CompilerThre", "GC Thread#". Threads that ended are missing; a diagnostic, not a figure.
     */
    static java.util.Map<String, Long> threadTicks(List<Long> pids) {
        java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
        for (long pid : pids) {
            try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                                .replaceAll("[0-9]+", "").replaceAll("-+$", "");
                        byKind.merge(name, busyTicks(stat), Long::sum);
                    } catch (IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }
        return byKind;
    }

    /** Percent of one core per thread kind between two {@link #threadTicks} readings, largest first. */
    static java.util.Map<String, Double> threadPercent(java.util.Map<String, Long> before,
                                                      java.util.Map<String, Long> after, double seconds) {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() / TICKS_PER_SECOND / seconds * 1000) / 10.0));
        return out;
    }

    /** utime + stime of a process's or thread's {@code stat} line (fields after the name in parentheses). */
    private static long busyTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** All CPUs' time not idle and not waiting for I/O, from the first line of /proc/stat. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
