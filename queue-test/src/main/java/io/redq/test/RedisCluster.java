package io.redq.test;

import io.redq.test.internal.Processes;
import io.redq.test.internal.Reaper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A throw-away Redis Cluster of 3 masters and 3 replicas on free loopback ports: six
 * {@link RedisServer}s started with {@code --cluster-enabled yes}, joined by {@code redis-cli --cluster
 * create --cluster-replicas 1}, ready once every node reports {@code cluster_state:ok} and every
 * replica is in sync. A test can ask which master holds a key's slot and kill it to force a failover.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *     RedQ redq = RedQ.connect(cluster.url());          // redis-cluster://127.0.0.1:p1,...
 *     RedisServer master = cluster.masterOf("redq:{emails}:ready");
 *     cluster.kill(master);                             // its replica takes over after the node timeout
 *     cluster.awaitHealthy(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>{@link #close()} kills every node by PID and deletes their directories; a JVM shutdown hook does
 * the same if a test forgets. Instances are thread-safe. Parameters must not be null.
 */
public final class RedisCluster implements AutoCloseable {

    /** Default {@code cluster-node-timeout}: how long a master may be silent before it is failed over. */
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofMillis(1500);

    private static final int NODES = 6;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final List<RedisServer> nodes;
    private final Duration nodeTimeout;
    private boolean closed;

    private RedisCluster(List<RedisServer> nodes, Duration nodeTimeout) {
        this.nodes = List.copyOf(nodes);
        this.nodeTimeout = nodeTimeout;
    }

    /**
     * Starts a cluster with {@link #DEFAULT_NODE_TIMEOUT}.
     *
     * @return a healthy cluster
     * @throws IllegalStateException if redis-server or redis-cli is missing or the cluster does not form
     */
    public static RedisCluster start() {
        return start(DEFAULT_NODE_TIMEOUT);
    }

    /**
     * Starts a cluster whose nodes fail over a master that is silent for {@code nodeTimeout}.
     *
     * @param nodeTimeout the {@code cluster-node-timeout}, at least 100 ms
     * @return a healthy cluster: all slots covered, every node {@code cluster_state:ok}, replicas in sync
     * @throws IllegalStateException if redis-server or redis-cli is missing or the cluster does not form
     *                               within 30 s; every node started is then stopped
     */
    public static RedisCluster start(Duration nodeTimeout) {
        if (nodeTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("nodeTimeout must be at least 100 ms, was " + nodeTimeout);
        }
        Path cli = Processes.findOnPath("redis-cli").orElseThrow(() -> new IllegalStateException(
                "redis-cli is not on PATH: it is needed to create a Redis Cluster (install Redis)"));
        List<RedisServer> started = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(started, nodeTimeout);
        try {
            RedisServer.Options options = RedisServer.Options.builder().extraArgs("--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
                    Long.toString(nodeTimeout.toMillis())).build();
            for (int i = 0; i < NODES; i++) {
                started.add(RedisServer.start(options));
            }
            cluster = new RedisCluster(started, nodeTimeout);
            Reaper.register(cluster);
            List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
            started.forEach(n -> command.add(n.host() + ":" + n.port()));
            command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            runCli(command);
            cluster.awaitHealthy(START_TIMEOUT);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            started.forEach(RedisServer::close);
            throw e;
        }
    }

    private static void runCli(List<String> command) {
        try {
            Path log = Files.createTempFile("redq-cluster-create-", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!Processes.awaitExit(p, START_TIMEOUT)) {
                    p.destroyForcibly();
                    Processes.awaitExit(p, START_TIMEOUT);
                    throw new IllegalStateException("redis-cli --cluster create did not finish within "
                            + START_TIMEOUT.toSeconds() + " s:\n" + Files.readString(log));
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("redis-cli --cluster create failed (exit " + p.exitValue()
                            + "):\n" + Files.readString(log));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0), e);
        }
    }

    /** @return the {@code cluster-node-timeout} the nodes run with; never null */
    public Duration nodeTimeout() {
        return nodeTimeout;
    }

    /** @return all six nodes, masters and replicas, in start order (also the killed ones); never null */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** @return {@code host:port} of every node; never null */
    public List<String> seeds() {
        return nodes.stream().map(n -> n.host() + ":" + n.port()).toList();
    }

    /** @return {@code redis-cluster://127.0.0.1:p1,...,127.0.0.1:p6}, the form redq connects with; never null */
    public String url() {
        return "redis-cluster://" + String.join(",", seeds());
    }

    /**
     * @return the nodes that are masters serving slots now, by the view of a running node; never null
     * @throws IllegalStateException if no node is running
     */
    public List<RedisServer> masters() {
        return view().entrySet().stream()
                .filter(e -> e.getValue().master && !e.getValue().failed && e.getValue().slotCount() > 0)
                .map(Map.Entry::getKey).toList();
    }

    /**
     * @param key a Redis key, e.g. {@code redq:{emails}:ready}; only its hash tag counts
     * @return the key's slot, 0 to 16383, computed by a running node ({@code CLUSTER KEYSLOT})
     */
    public int slot(String key) {
        return Integer.parseInt(anyRunning().command("CLUSTER", "KEYSLOT", key));
    }

    /**
     * @param slot a slot, 0 to 16383
     * @return the master serving that slot now, by the view of a running node
     * @throws IllegalStateException if no live master serves it (e.g. during a failover)
     */
    public RedisServer masterOfSlot(int slot) {
        return view().entrySet().stream()
                .filter(e -> e.getValue().master && !e.getValue().failed && e.getValue().serves(slot))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("no live master serves slot " + slot));
    }

    /**
     * @param key a Redis key
     * @return the master that holds the key's slot now
     * @throws IllegalStateException if no live master serves it
     */
    public RedisServer masterOf(String key) {
        return masterOfSlot(slot(key));
    }

    /**
     * Kills a node with SIGKILL, as a crash would. If it was a master, its replica is promoted
     * after about {@link #nodeTimeout()}.
     *
     * @param node one of {@link #nodes()}
     * @throws IllegalArgumentException if it is not a node of this cluster
     */
    public void kill(RedisServer node) {
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException(node + " is not a node of this cluster");
        }
        node.kill();
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok}, every slot is served by a
     * live master, and every running replica of a live master is in sync.
     *
     * @param timeout how long to wait; must not be null
     * @throws IllegalStateException if that does not happen in time; the message says what is missing
     */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String problem;
        while (true) {
            problem = healthProblem();
            if (problem == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster was not healthy within " + timeout + ": " + problem);
            }
            sleep(50);
        }
    }

    private String healthProblem() {
        try {
            for (RedisServer node : running()) {
                String info = node.command(PROBE_TIMEOUT, "CLUSTER", "INFO");
                if (!info.lines().anyMatch(l -> l.trim().equals("cluster_state:ok"))) {
                    return "node " + node.port() + " is not cluster_state:ok";
                }
            }
            Map<RedisServer, NodeView> view = view();
            int covered = view.values().stream().filter(v -> v.master && !v.failed)
                    .mapToInt(NodeView::slotCount).sum();
            if (covered != 16384) {
                return "live masters serve " + covered + " of 16384 slots";
            }
            for (Map.Entry<RedisServer, NodeView> e : view.entrySet()) {
                // a node without slots must be a replica in sync, by its own word: the gossip of the
                // node asked above may still call a just-configured replica a master
                if (e.getValue().slotCount() == 0 && e.getKey().isRunning()) {
                    String repl = e.getKey().command(PROBE_TIMEOUT, "INFO", "replication");
                    if (!repl.contains("role:slave") || !repl.contains("master_link_status:up")) {
                        return "replica " + e.getKey().port() + " is not in sync with its master";
                    }
                }
            }
            if (view.values().stream().filter(v -> v.master && !v.failed && v.slotCount() == 0).count() > 0) {
                return "the view still shows a master without slots (a replica not yet known as one)";
            }
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Every node's role as one running node sees it, from {@code CLUSTER NODES}. */
    private Map<RedisServer, NodeView> view() {
        String text = anyRunning().command(PROBE_TIMEOUT, "CLUSTER", "NODES");
        Map<RedisServer, NodeView> view = new LinkedHashMap<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            String[] f = line.trim().split(" ");
            String address = f[1].split("@")[0];
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            Optional<RedisServer> node = nodes.stream().filter(n -> n.port() == port).findFirst();
            if (node.isEmpty()) {
                continue;
            }
            List<int[]> ranges = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                String[] r = f[i].split("-");
                ranges.add(new int[] {Integer.parseInt(r[0]), Integer.parseInt(r[r.length - 1])});
            }
            view.put(node.get(), new NodeView(f[2].contains("master"), f[2].contains("fail") && !f[2].contains("fail?")
                    || !node.get().isRunning(), ranges));
        }
        return view;
    }

    private List<RedisServer> running() {
        return nodes.stream().filter(RedisServer::isRunning).toList();
    }

    private RedisServer anyRunning() {
        return running().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
    }

    /** Kills every node and deletes their directories. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        nodes.forEach(RedisServer::close);
        Reaper.unregister(this);
    }

    @Override
    public String toString() {
        return "RedisCluster[" + nodes.stream().map(n -> Integer.toString(n.port()))
                .collect(Collectors.joining(",")) + "]";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }

    private record NodeView(boolean master, boolean failed, List<int[]> ranges) {
        boolean serves(int slot) {
            return ranges.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]);
        }

        int slotCount() {
            return ranges.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
        }

        NodeView {
            Objects.requireNonNull(ranges);
        }
    }
}
