package io.redq.core.internal;

import io.redq.core.RedisConnectException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SslVerificationMode;
import org.redisson.config.SubscriptionMode;

/**
 * Turns checked connection settings into a Redisson client for one server, a Sentinel group or a
 * Cluster, and turns Redisson's connect failures into one {@link RedisConnectException} that says
 * what is wrong (no such master, no seed answers, authentication failed) instead of a stack of
 * Netty exceptions.
 */
public final class Connector {

    /** Everything {@code RedQ.Builder} collected; credentials already resolved (setter over URL). */
    public record Settings(RedisUrl url, String username, String password, String sentinelUsername,
                           String sentinelPassword, Duration commandTimeout, Duration connectTimeout,
                           Duration topologyScanInterval, Path caCertificate, Path trustStore,
                           String trustStorePassword, boolean verifyHostname) {
    }

    private Connector() {
    }

    /** The Redisson configuration for these settings (no connection is made). */
    public static Config config(Settings s) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setUsername(s.username()).setPassword(s.password());
        if (s.url().tls()) {
            config.setSslVerificationMode(s.verifyHostname() ? SslVerificationMode.STRICT : SslVerificationMode.CA_ONLY);
            if (s.caCertificate() != null || s.trustStore() != null) {
                config.setSslTrustManagerFactory(trustManagers(s));
            }
        }
        int timeout = (int) s.commandTimeout().toMillis();
        int connect = (int) s.connectTimeout().toMillis();
        int scan = (int) s.topologyScanInterval().toMillis();
        RedisUrl url = s.url();
        // No client-side retries in any mode: a command that timed out may still have run, and
        // re-sending a non-idempotent script (fetch, enqueue) would lose its first reply or write
        // twice. redq's own loops retry where that is safe, and producers get the exception.
        switch (url.mode()) {
            case STANDALONE -> config.useSingleServer().setAddress(url.addresses().get(0))
                    .setDatabase(url.database()).setConnectionMinimumIdleSize(2)
                    .setTimeout(timeout).setConnectTimeout(connect).setRetryAttempts(0);
            case SENTINEL -> {
                SentinelServersConfig sentinel = config.useSentinelServers().setMasterName(url.masterName())
                        .setDatabase(url.database()).setScanInterval(scan)
                        .setSentinelUsername(s.sentinelUsername()).setSentinelPassword(s.sentinelPassword());
                url.addresses().forEach(sentinel::addSentinelAddress);
                masterOnly(sentinel, timeout, connect);
            }
            case CLUSTER -> {
                ClusterServersConfig cluster = config.useClusterServers().setScanInterval(scan);
                url.addresses().forEach(cluster::addNodeAddress);
                masterOnly(cluster, timeout, connect);
            }
            default -> throw new IllegalStateException("unknown mode " + url.mode());
        }
        return config;
    }

    /**
     * Reads and writes go to masters only: a replica may not have the last write yet, and a task
     * read there could be moved twice. Subscriptions too, so a wake-up published on the master is
     * heard without depending on replication.
     */
    private static void masterOnly(BaseMasterSlaveServersConfig<?> c, int timeout, int connect) {
        c.setReadMode(ReadMode.MASTER).setSubscriptionMode(SubscriptionMode.MASTER)
                .setMasterConnectionMinimumIdleSize(2).setSlaveConnectionMinimumIdleSize(1)
                .setTimeout(timeout).setConnectTimeout(connect).setRetryAttempts(0);
    }

    /**
     * Connects.
     *
     * @throws RedisConnectException if no connection could be made, saying why
     */
    public static RedissonClient connect(Settings s) {
        Config config = config(s);
        try {
            return Redisson.create(config);
        } catch (RuntimeException e) {
            throw explain(s, e);
        }
    }

    private static RedisConnectException explain(Settings s, RuntimeException e) {
        String all = messages(e).toLowerCase(Locale.ROOT);
        String cause = rootMessage(e);
        RedisUrl url = s.url();
        String target = url.toString();
        if (all.contains("wrongpass") || all.contains("noauth") || all.contains("invalid password")
                || all.contains("invalid username-password") || all.contains("auth failed")
                || all.contains("authentication required")) {
            String user = s.username() == null ? "the default user" : "user '" + s.username() + "'";
            return new RedisConnectException("authentication failed for " + user + " at " + target
                    + ": check the user name and password (" + cause + ")", e);
        }
        if (all.contains("sslhandshake") || all.contains("pkix") || all.contains("certificate")) {
            return new RedisConnectException("the TLS handshake with " + target + " failed: " + cause
                    + ". If a private CA signed the server's certificate, give it with tlsCaCertificate(...) "
                    + "or tlsTrustStore(...); if the certificate does not name the host connected to, see "
                    + "tlsVerifyHostname(false)", e);
        }
        if (url.mode() == RedisUrl.Mode.SENTINEL && (all.contains("master") || all.contains("sentinel"))) {
            return new RedisConnectException("could not find the master named '" + url.masterName()
                    + "' through the sentinels " + url.nodes() + ": check the master name (the one in "
                    + "'sentinel monitor <name> ...') and that the sentinels answer (" + cause + ")", e);
        }
        String what = switch (url.mode()) {
            case STANDALONE -> "the Redis server " + target;
            case SENTINEL -> "the Sentinel group " + target;
            case CLUSTER -> "the Redis Cluster through the seed nodes " + url.nodes();
        };
        String hint = url.tls() ? "" : " If the server only speaks TLS, use rediss://.";
        return new RedisConnectException("could not connect to " + what + " within connectTimeout "
                + s.connectTimeout().toMillis() + " ms: " + cause + "." + hint, e);
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 20_000; t = t.getCause()) {
            b.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                b.append(messages(suppressed));
            }
        }
        return b.toString();
    }

    /** The message of the deepest cause, which names the real problem; Redisson wraps it several times. */
    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        String line = message == null ? e.getClass().getName() : message.lines().findFirst().orElse(message);
        int channel = line.indexOf(". channel: ");
        line = channel > 0 ? line.substring(0, channel) : line; // Netty channel details say nothing to a user
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static TrustManagerFactory trustManagers(Settings s) {
        Path file = s.caCertificate() != null ? s.caCertificate() : s.trustStore();
        try {
            KeyStore store;
            if (s.caCertificate() != null) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                Collection<? extends Certificate> certs;
                try (InputStream in = Files.newInputStream(file)) {
                    certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certs.isEmpty()) {
                    throw new IllegalArgumentException("tlsCaCertificate " + file + " holds no certificate");
                }
                int i = 0;
                for (Certificate cert : certs) {
                    store.setCertificateEntry("redq-ca-" + i++, cert);
                }
            } else {
                char[] pass = s.trustStorePassword() == null ? null : s.trustStorePassword().toCharArray();
                store = KeyStore.getInstance(file.toFile(), pass);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (IOException | GeneralSecurityException e) {
            String setting = s.caCertificate() != null ? "tlsCaCertificate" : "tlsTrustStore";
            throw new IllegalArgumentException(setting + " " + file + " could not be read: " + e.getMessage(), e);
        }
    }
}
