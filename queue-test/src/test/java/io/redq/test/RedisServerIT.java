package io.redq.test;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting, killing, restarting and pausing a real throw-away redis-server. */
class RedisServerIT {

    private static final RedisServer.Options DURABLE = RedisServer.Options.builder()
            .appendOnly(true)
            .appendFsyncAlways(true)
            .build();

    @Test
    void startsOnALoopbackPortAndAnswersPing() {
        try (RedisServer redis = RedisServer.start()) {
            assertEquals("PONG", redis.command("PING"));
            assertTrue(redis.isRunning());
            assertEquals("redis://127.0.0.1:" + redis.port(), redis.url());
            assertEquals("127.0.0.1", redis.host());
            assertTrue(Files.isDirectory(redis.dir()));
            assertTrue(ProcessHandle.of(redis.pid()).isPresent());
            assertEquals("appendonly\nno", redis.command("CONFIG", "GET", "appendonly"));
            assertEquals("save\n", redis.command("CONFIG", "GET", "save"));
            assertEquals(redis.dir().toString(), redis.command("CONFIG", "GET", "dir").split("\n")[1]);
        }
    }

    @Test
    void passesOptionsAndExtraArgumentsToTheServer() {
        RedisServer.Options options = RedisServer.Options.builder()
                .appendOnly(true).appendFsyncAlways(true).extraArgs("--databases", "4").build();
        try (RedisServer redis = RedisServer.start(options)) {
            assertEquals("appendonly\nyes", redis.command("CONFIG", "GET", "appendonly"));
            assertEquals("appendfsync\nalways", redis.command("CONFIG", "GET", "appendfsync"));
            assertEquals("databases\n4", redis.command("CONFIG", "GET", "databases"));
        }
    }

    @Test
    void aServerThatCannotStartFailsWithItsLog() {
        RedisServer.Options broken = RedisServer.Options.builder().extraArgs("--no-such-directive", "x").build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RedisServer.start(broken));
        assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-directive"), "the message ends with the log: " + e.getMessage());
    }

    @Test
    void twoServersDoNotShareAPortOrADirectory() {
        try (RedisServer first = RedisServer.start(); RedisServer second = RedisServer.start()) {
            assertNotEquals(first.port(), second.port());
            assertNotEquals(first.dir(), second.dir());
        }
    }

    @Test
    void errorRepliesBecomeIllegalStateExceptions() {
        try (RedisServer redis = RedisServer.start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> redis.command("NOSUCHCOMMAND"));
            assertTrue(e.getMessage().contains("unknown command"), e.getMessage());
            assertNull(redis.command("GET", "redq:test:missing"));
        }
    }

    @Test
    void killEndsTheProcessAndThePortRefusesConnections() {
        try (RedisServer redis = RedisServer.start()) {
            long pid = redis.pid();
            redis.kill();
            assertFalse(redis.isRunning());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThrows(IOException.class, () -> connect(redis.port()));
            assertThrows(UncheckedIOException.class, () -> redis.command("PING"));
            redis.kill(); // a second kill does nothing
        }
    }

    @Test
    void restartAfterKillReloadsTheAppendOnlyFile() {
        try (RedisServer redis = RedisServer.start(DURABLE)) {
            assertEquals("OK", redis.command("SET", "redq:test:survivor", "still here"));
            long firstPid = redis.pid();
            redis.kill();
            redis.restart();
            assertTrue(redis.isRunning());
            assertNotEquals(firstPid, redis.pid());
            assertEquals("still here", redis.command("GET", "redq:test:survivor"));
        }
    }

    @Test
    void restartWithoutPersistenceStartsEmpty() {
        try (RedisServer redis = RedisServer.start()) {
            int port = redis.port();
            redis.command("SET", "redq:test:gone", "1");
            redis.restart(); // kills the running server first
            assertEquals(port, redis.port());
            assertNull(redis.command("GET", "redq:test:gone"));
        }
    }

    @Test
    void pauseFreezesTheServerUntilResumed() {
        try (RedisServer redis = RedisServer.start()) {
            redis.pause();
            UncheckedIOException timeout = assertThrows(UncheckedIOException.class,
                    () -> redis.command(Duration.ofMillis(200), "PING"));
            assertInstanceOf(SocketTimeoutException.class, timeout.getCause());
            assertTrue(redis.isRunning());
            redis.resume();
            assertEquals("PONG", redis.command("PING"));
        }
    }

    @Test
    void stopShutsDownGracefullyEvenWhenPaused() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            redis.pause();
            redis.stop();
            assertFalse(redis.isRunning());
            assertTrue(Files.readString(redis.dir().resolve("redis.log")).contains("ready to exit"));
        }
    }

    @Test
    void closeKillsTheServerDeletesItsDirectoryAndIsIdempotent() {
        RedisServer redis = RedisServer.start(DURABLE);
        redis.command("SET", "redq:test:key", "v");
        Path dir = redis.dir();
        long pid = redis.pid();
        redis.close();
        assertFalse(Files.exists(dir));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        redis.close();
        assertThrows(IllegalStateException.class, redis::restart);
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        }
    }
}
