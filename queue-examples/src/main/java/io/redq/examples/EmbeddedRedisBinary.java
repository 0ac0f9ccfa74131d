package io.redq.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;

/**
 * The redis-server binary that the {@code com.github.codemonstur:embedded-redis} artifact ships
 * (Redis 6.2, for Linux and macOS on x86-64 and ARM64), copied out of the jar into a temp file, so
 * the examples run on a machine without Redis installed. Only the binary is used, started like any
 * other throw-away server.
 */
final class EmbeddedRedisBinary {

    private EmbeddedRedisBinary() {
    }

    /** The name of the binary for this OS and CPU inside the artifact, if it ships one. */
    static Optional<String> resourceName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux")) {
            return x64 ? Optional.of("redis-server-6.2.6-v5-linux-amd64")
                    : arm64 ? Optional.of("redis-server-6.2.7-linux-arm64") : Optional.empty();
        }
        if (os.contains("mac")) {
            return x64 ? Optional.of("redis-server-6.2.6-v5-darwin-amd64")
                    : arm64 ? Optional.of("redis-server-6.2.6-v5-darwin-arm64") : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Copies the binary for this platform into a new temp directory (deleted when the JVM exits)
     * and makes it executable.
     *
     * @return its path, or empty if the artifact has none for this platform or is not on the class path
     */
    static Optional<Path> extract() {
        Optional<String> name = resourceName();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = EmbeddedRedisBinary.class.getClassLoader().getResourceAsStream(name.get())) {
            if (in == null) {
                return Optional.empty();
            }
            Path dir = Files.createTempDirectory("redq-embedded-redis-");
            Path binary = dir.resolve("redis-server");
            Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
            binary.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return Optional.of(binary);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the embedded redis-server out of its jar", e);
        }
    }
}
