package io.redq.test.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * File chores shared by the process helpers: deleting a temp directory tree and reading
 * the tail of a log for a failure message.
 */
public final class TempFiles {

    private TempFiles() {
    }

    /**
     * Deletes a directory and everything in it; a missing directory is fine.
     *
     * @param dir the directory; must not be null
     * @throws UncheckedIOException if something could not be deleted
     */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException e) {
            // deleted concurrently: nothing left to do for that entry
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    /**
     * Returns the last lines of a text file, for failure messages.
     *
     * @param file  the file; must not be null
     * @param lines how many lines at most
     * @return the lines joined by {@code \n}, or a note if the file cannot be read; never null
     */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }
}
