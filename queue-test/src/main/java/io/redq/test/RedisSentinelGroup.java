package io.redq.test;

import io.redq.test.internal.Processes;
import io.redq.test.internal.Reaper;
import io.redq.test.internal.RedisProcess;
import io.redq.test.internal.Resp;
import io.redq.test.internal.TempFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away Redis Sentinel group on free loopback ports: one master, one replica
 * ({@code --replicaof}) and three sentinels ({@code redis-server <conf> --sentinel}) that monitor the
 * master under {@link #MASTER_NAME} with quorum 2, a short {@code down-after-milliseconds} and
 * {@code failover-timeout}, so a killed master is replaced by its replica within a few seconds.
 *
 * <pre>{@code
 * try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
 *     RedQ redq = RedQ.connect(group.url());   // redis-sentinel://127.0.0.1:s1,...,/redq-master
 *     group.killMaster();
 *     group.awaitMasterChange(old, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Start-up returns once every sentinel knows the master, the replica and the other two
 * sentinels (without that a failover could not be authorised). {@link #close()} kills every process
 * by PID and deletes the temp directories. Instances are thread-safe. Parameters must not be null.
 */
public final class RedisSentinelGroup implements AutoCloseable {

    /** The name the sentinels monitor the master under. */
    public static final String MASTER_NAME = "redq-master";
    /** Default {@code sentinel down-after-milliseconds}. */
    public static final Duration DEFAULT_DOWN_AFTER = Duration.ofMillis(1000);

    private static final String HOST = "127.0.0.1";
    private static final int SENTINELS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final RedisServer first;
    private final RedisServer second;
    private final Duration downAfter;
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();
    private final List<Path> sentinelDirs = new ArrayList<>();
    private boolean closed;

    private RedisSentinelGroup(RedisServer first, RedisServer second, Duration downAfter) {
        this.first = first;
        this.second = second;
        this.downAfter = downAfter;
    }

    /**
     * Starts a group with {@link #DEFAULT_DOWN_AFTER}.
     *
     * @return a ready group
     * @throws IllegalStateException if redis-server is missing or the group does not become ready
     */
    public static RedisSentinelGroup start() {
        return start(DEFAULT_DOWN_AFTER);
    }

    /**
     * Starts a group whose sentinels consider a master down after {@code downAfter} of silence.
     *
     * @param downAfter the {@code down-after-milliseconds}, at least 100 ms; the failover timeout is
     *                  four times that, at least 2 s
     * @return a ready group
     * @throws IllegalStateException if redis-server is missing or the group is not ready within 30 s;
     *                               everything started is then stopped
     */
    public static RedisSentinelGroup start(Duration downAfter) {
        if (downAfter.toMillis() < 100) {
            throw new IllegalArgumentException("downAfter must be at least 100 ms, was " + downAfter);
        }
        Path executable = Processes.findOnPath("redis-server").orElseThrow(() -> new IllegalStateException(
                "redis-server is not on PATH: install Redis to run Sentinel tests"));
        RedisServer master = RedisServer.start();
        RedisSentinelGroup group = null;
        try {
            RedisServer replica = RedisServer.start(RedisServer.Options.builder()
                    .extraArgs("--replicaof", HOST, Integer.toString(master.port())).build());
            group = new RedisSentinelGroup(master, replica, downAfter);
            Reaper.register(group);
            for (int i = 0; i < SENTINELS; i++) {
                group.startSentinel(executable, master.port());
            }
            group.awaitReady();
            return group;
        } catch (RuntimeException e) {
            if (group != null) {
                group.close();
            }
            master.close();
            throw e;
        }
    }

    private synchronized void startSentinel(Path executable, int masterPort) {
        Path dir;
        try {
            dir = Files.createTempDirectory("redq-sentinel-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temp directory for a sentinel", e);
        }
        sentinelDirs.add(dir);
        int port = RedisProcess.freePort(HOST);
        Path conf = dir.resolve("sentinel.conf");
        long failoverTimeout = Math.max(2000, downAfter.toMillis() * 4);
        try {
            Files.writeString(conf, String.join("\n",
                    "port " + port,
                    "bind " + HOST,
                    "daemonize no",
                    "protected-mode no",
                    "dir " + dir,
                    "sentinel monitor " + MASTER_NAME + " " + HOST + " " + masterPort + " 2",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfter.toMillis(),
                    "sentinel failover-timeout " + MASTER_NAME + " " + failoverTimeout,
                    "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + conf, e);
        }
        sentinels.add(RedisProcess.launch(List.of(executable.toString(), conf.toString(), "--sentinel"), dir,
                dir.resolve("sentinel.log"), port, START_TIMEOUT,
                () -> "PONG".equals(Resp.call(HOST, port, PROBE_TIMEOUT, "PING"))));
        sentinelPorts.add(port);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String problem = "not checked yet";
        while (System.nanoTime() < deadline) {
            problem = readinessProblem();
            if (problem == null) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("the Sentinel group was not ready within " + START_TIMEOUT.toSeconds()
                + " s: " + problem);
    }

    private String readinessProblem() {
        try {
            if (!second.command(PROBE_TIMEOUT, "INFO", "replication").contains("master_link_status:up")) {
                return "the replica is not in sync with the master";
            }
            for (int port : sentinelPorts) {
                String replicas = sentinel(port, "SENTINEL", "REPLICAS", MASTER_NAME);
                if (replicas == null || !replicas.contains(Integer.toString(second.port()))) {
                    return "sentinel " + port + " does not know the replica yet";
                }
                String others = sentinel(port, "SENTINEL", "SENTINELS", MASTER_NAME);
                long known = others == null ? 0 : sentinelPorts.stream()
                        .filter(p -> p != port && others.contains(Integer.toString(p))).count();
                if (known < SENTINELS - 1) {
                    return "sentinel " + port + " knows " + known + " of the other " + (SENTINELS - 1) + " sentinels";
                }
            }
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private String sentinel(int port, String... command) {
        try {
            return Resp.call(HOST, port, PROBE_TIMEOUT, command);
        } catch (IOException e) {
            throw new UncheckedIOException("sentinel on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** @return {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/redq-master}; never null */
    public String url() {
        return "redis-sentinel://" + String.join(",", sentinelAddresses()) + "/" + MASTER_NAME;
    }

    /** @return {@code host:port} of the three sentinels; never null */
    public synchronized List<String> sentinelAddresses() {
        return sentinelPorts.stream().map(p -> HOST + ":" + p).toList();
    }

    /** @return the {@code down-after-milliseconds} the sentinels use; never null */
    public Duration downAfter() {
        return downAfter;
    }

    /** @return both data servers, the first-started master and the replica, in start order; never null */
    public List<RedisServer> servers() {
        return List.of(first, second);
    }

    /**
     * @return {@code host:port} of the master as a running sentinel names it now
     * @throws IllegalStateException if no sentinel answers
     */
    public String masterAddress() {
        RuntimeException last = null;
        for (int port : sentinelAddressesPorts()) {
            try {
                String reply = sentinel(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
                List<String> parts = reply.lines().toList();
                return parts.get(0) + ":" + parts.get(1);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no sentinel answered", last);
    }

    /**
     * What each sentinel names as master now. After a failover the sentinel that led it names the
     * new master first; the others learn it from its hello messages (every 2 s), and a client that
     * asks one of them learns it then.
     *
     * @return {@code host:port} of the master as each running sentinel that answers names it, in the
     *         order of {@link #sentinelAddresses()}; never null, empty if none answers
     */
    public List<String> masterAddressesBySentinel() {
        List<String> named = new ArrayList<>();
        for (int port : sentinelAddressesPorts()) {
            try {
                List<String> parts = sentinel(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).lines().toList();
                named.add(parts.get(0) + ":" + parts.get(1));
            } catch (RuntimeException e) {
                // not running or not answering: left out
            }
        }
        return named;
    }

    /** @return the server that the sentinels name master now; never null */
    public RedisServer master() {
        String address = masterAddress();
        return servers().stream().filter(s -> address.equals(s.host() + ":" + s.port())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the sentinels name an unknown master " + address));
    }

    /**
     * Kills the current master with SIGKILL; the sentinels promote the replica after about
     * {@link #downAfter()} plus an election.
     *
     * @return the server that was killed; never null
     */
    public RedisServer killMaster() {
        RedisServer master = master();
        master.kill();
        return master;
    }

    /**
     * Waits until the sentinels name a master other than {@code oldMaster} and it answers as a master.
     *
     * @param oldMaster the server that was master; must not be null
     * @param timeout   how long to wait; must not be null
     * @return the new master; never null
     * @throws IllegalStateException if no new master is in place in time
     */
    public RedisServer awaitMasterChange(RedisServer oldMaster, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                RedisServer now = master();
                if (now != oldMaster && now.command(PROBE_TIMEOUT, "INFO", "replication").contains("role:master")) {
                    return now;
                }
            } catch (RuntimeException e) {
                // a sentinel or the new master is not answering yet
            }
            sleep(50);
        }
        throw new IllegalStateException("the sentinels named no new master within " + timeout);
    }

    private synchronized List<Integer> sentinelAddressesPorts() {
        return List.copyOf(sentinelPorts);
    }

    /** Kills the sentinels and both servers and deletes their directories. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sentinels.forEach(RedisProcess::kill);
        first.close();
        second.close();
        sentinelDirs.forEach(TempFiles::deleteRecursively);
        Reaper.unregister(this);
    }

    @Override
    public String toString() {
        return "RedisSentinelGroup[" + url() + "]";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Sentinel group", e);
        }
    }
}
