package io.redq.test;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Running main classes in child JVMs and ending them the ways crash tests need. */
class JvmProcessIT {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    @Test
    void awaitsOutputAndKillEndsTheChild() throws IOException {
        try (JvmProcess child = JvmProcess.start(SleeperMain.class, List.of("a", "b"),
                Map.of("redq.test.greeting", "hello"), List.of("-Xmx64m"))) {
            child.awaitOutput("READY", STARTUP);
            assertTrue(child.isAlive());
            assertTrue(child.outputLines().containsAll(List.of("greeting=hello", "args=[a, b]", "READY")));
            assertTrue(Files.readString(child.logFile()).contains("READY"));

            child.kill();
            assertFalse(child.isAlive());
            assertFalse(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertFalse(child.outputLines().contains("SHUTDOWN HOOK RAN"), "SIGKILL must not run shutdown hooks");
        }
    }

    @Test
    void waitForExitReturnsTheExitCodeAndKeepsStderr() {
        try (JvmProcess child = JvmProcess.start(ExitCodeMain.class, List.of("3"))) {
            assertEquals(3, child.waitForExit(STARTUP));
            assertEquals(List.of("exiting with 3"), child.outputLines());
        }
    }

    @Test
    void terminateRunsShutdownHooks() {
        try (JvmProcess child = JvmProcess.start(SleeperMain.class, List.of())) {
            child.awaitOutput("READY", STARTUP);
            child.terminate();
            await().atMost(STARTUP).until(() -> !child.isAlive());
            assertEquals(143, child.waitForExit(Duration.ofSeconds(5)));
            assertTrue(child.outputLines().contains("SHUTDOWN HOOK RAN"));
        }
    }

    @Test
    void awaitOutputFailsAsSoonAsTheChildExits() {
        try (JvmProcess child = JvmProcess.start(ExitCodeMain.class, List.of("0"))) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> child.awaitOutput("NEVER PRINTED", Duration.ofMinutes(5)));
            assertTrue(e.getMessage().contains("exited without printing"), e.getMessage());
            assertTrue(e.getMessage().contains("exiting with 0"), "the message shows the output: " + e.getMessage());
        }
    }

    @Test
    void awaitOutputAndWaitForExitFailOnTimeout() {
        try (JvmProcess child = JvmProcess.start(SleeperMain.class, List.of())) {
            AssertionError notPrinted = assertThrows(AssertionError.class,
                    () -> child.awaitOutput("NEVER PRINTED", Duration.ofMillis(200)));
            assertTrue(notPrinted.getMessage().contains("did not print"), notPrinted.getMessage());
            AssertionError stillRunning = assertThrows(AssertionError.class,
                    () -> child.waitForExit(Duration.ofMillis(200)));
            assertTrue(stillRunning.getMessage().contains("still running"), stillRunning.getMessage());
        }
    }

    @Test
    void pauseStopsTheChildAndResumeLetsItRun() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux /proc to see process states");
        try (JvmProcess child = JvmProcess.start(SleeperMain.class, List.of())) {
            child.awaitOutput("READY", STARTUP);
            child.pause();
            await().atMost(Duration.ofSeconds(10)).until(() -> state(child.pid()) == 'T');
            child.resume();
            await().atMost(Duration.ofSeconds(10)).until(() -> state(child.pid()) != 'T');
            assertTrue(child.isAlive());
        }
    }

    @Test
    void closeKillsTheChildAndDeletesTheLog() {
        JvmProcess child = JvmProcess.start(SleeperMain.class, List.of());
        child.awaitOutput("READY", STARTUP);
        child.close();
        assertFalse(child.isAlive());
        assertFalse(Files.exists(child.logFile()));
        child.close();
    }

    /** The one-letter state in /proc/PID/stat: R, S, T (stopped) and so on. */
    private static char state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
