package io.redq.test;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RedisServer.Options} on its own; starting servers is covered by {@link RedisServerIT}. */
class RedisServerTest {

    @Test
    void defaultsHaveNoPersistenceAndNoExtraArguments() {
        RedisServer.Options options = RedisServer.Options.defaults();
        assertFalse(options.appendOnly());
        assertFalse(options.appendFsyncAlways());
        assertEquals(List.of(), options.extraArgs());
    }

    @Test
    void builderKeepsWhatItWasGiven() {
        RedisServer.Options options = RedisServer.Options.builder()
                .appendOnly(true)
                .appendFsyncAlways(true)
                .extraArgs("--maxmemory", "10mb")
                .build();
        assertTrue(options.appendOnly());
        assertTrue(options.appendFsyncAlways());
        assertEquals(List.of("--maxmemory", "10mb"), options.extraArgs());
    }

    @Test
    void extraArgsAreCopiedAndUnmodifiable() {
        String[] args = {"--databases", "4"};
        RedisServer.Options options = RedisServer.Options.builder().extraArgs(args).build();
        args[1] = "8";
        assertEquals(List.of("--databases", "4"), options.extraArgs());
        assertThrows(UnsupportedOperationException.class, () -> options.extraArgs().add("--x"));
    }

    @Test
    void fsyncAlwaysWithoutAppendOnlyIsRejected() {
        RedisServer.Options.Builder builder = RedisServer.Options.builder().appendFsyncAlways(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains("appendOnly(true)"), e.getMessage());
    }

    @Test
    void nullExtraArgsAreRejected() {
        RedisServer.Options.Builder builder = RedisServer.Options.builder();
        assertThrows(NullPointerException.class, () -> builder.extraArgs((String[]) null));
        assertThrows(NullPointerException.class, () -> builder.extraArgs("--port", null));
    }
}
