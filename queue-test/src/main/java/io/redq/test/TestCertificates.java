package io.redq.test;

import io.redq.test.internal.Processes;
import io.redq.test.internal.TempFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private certificate authority and a server certificate it signed, for {@code localhost} and
 * {@code 127.0.0.1}, generated with {@code openssl} into a fresh temp directory, so a TLS test
 * needs no certificate checked into the repository. {@link #close()} deletes the directory.
 *
 * <pre>{@code
 * try (TestCertificates certs = TestCertificates.generate();
 *      RedisServer redis = RedisServer.start(RedisServer.Options.builder().tls(certs).build())) {
 *     RedQ.builder().url(redis.url()).tlsCaCertificate(certs.caCertificate()).build();
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TestCertificates implements AutoCloseable {

    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /**
     * Generates a CA (2048-bit RSA, valid 2 days) and a server key and certificate signed by it,
     * with subject alternative names {@code DNS:localhost} and {@code IP:127.0.0.1}.
     *
     * @return the files; never null
     * @throws IllegalStateException if {@code openssl} is not on PATH or fails (the message holds its output)
     */
    public static TestCertificates generate() {
        Path openssl = Processes.findOnPath("openssl").orElseThrow(() -> new IllegalStateException(
                "openssl is not on PATH: install it (e.g. `apt-get install openssl`) to run the TLS tests"));
        Path dir;
        try {
            dir = Files.createTempDirectory("redq-tls-");
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temp directory for certificates", e);
        }
        String o = openssl.toString();
        try {
            run(dir, o, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-days", "2", "-sha256", "-subj", "/CN=redq test CA");
            run(dir, o, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                    "-subj", "/CN=localhost");
            run(dir, o, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "2", "-sha256", "-extfile", "san.ext", "-out", "server.crt");
            return new TestCertificates(dir);
        } catch (RuntimeException e) {
            TempFiles.deleteRecursively(dir);
            throw e;
        }
    }

    private static void run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!Processes.awaitExit(p, OPENSSL_TIMEOUT)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl did not finish within " + OPENSSL_TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", List.of(command).subList(1,
                        command.length)) + " failed: " + Files.readString(dir.resolve("openssl.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run openssl", e);
        }
    }

    /** @return the CA certificate (PEM) that clients trust; never null */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** @return the server certificate (PEM), signed by the CA; never null */
    public Path serverCertificate() {
        return dir.resolve("server.crt");
    }

    /** @return the server's private key (PEM, unencrypted); never null */
    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /**
     * @return a socket factory that trusts only this CA, for probing a TLS server; never null
     * @throws IllegalStateException if the CA certificate cannot be read
     */
    public SSLSocketFactory socketFactory() {
        try (InputStream in = Files.newInputStream(caCertificate())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            store.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not load " + caCertificate() + ": " + e, e);
        }
    }

    /** Deletes the directory with every key and certificate. */
    @Override
    public void close() {
        TempFiles.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "TestCertificates[" + Objects.toString(dir) + "]";
    }
}
