package io.redq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redq.QueueUnavailableException;
import io.redq.core.RedQ;
import io.redq.core.RedisConnectException;
import io.redq.test.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A least-privilege ACL user: only keys and channels under {@code redq:}, only the commands redq
 * sends (found by running {@link AclScenario} and reading {@code INFO commandstats}, plus every
 * command the Lua scripts call). docs/operations.md quotes {@link #ACL_SETUSER} word for word.
 */
class AclIT {

    /** The line in docs/operations.md, with the password placeholder the test replaces. */
    static final String ACL_SETUSER = "ACL SETUSER redq-app on >CHANGE-ME resetkeys ~redq:* resetchannels &redq:*"
            + " -@all +ping +time +info +evalsha +evalsha_ro +eval_ro +script|load +blmove +brpop +lmove +lpush +rpush +lrem"
            + " +lrange +llen +del +exists +get +set +incrby +zadd +zrem +zscore +zcard +zrange +zrevrange"
            + " +zrangebyscore +hset +hget +hmget +hdel +sadd +smembers +publish +subscribe +unsubscribe";

    private RedisServer redis;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void theLeastPrivilegeUserRunsProducerWorkerRetriesDelayedUniquePauseAndDeadLetters() {
        createUser(ACL_SETUSER);
        try (RedQ redq = RedQ.builder().url(redis.url()).username("redq-app").password("s3cret").build()) {
            // At start-up Redisson probes with an EVAL of a key "test1"; refused, and it does not need it.
            redis.command("ACL", "LOG", "RESET");
            AclScenario.run(redq, "acl");
        }
        assertThat(redis.command("ACL", "LOG")).as("commands, keys or channels refused to the user").isNullOrEmpty();
    }

    @Test
    void withoutOneOfTheCommandsTheUserIsRefusedAndTheLogSaysWhich() {
        createUser(ACL_SETUSER.replace(" +lpush", ""));
        try (RedQ redq = RedQ.builder().url(redis.url()).username("redq-app").password("s3cret").build()) {
            redis.command("ACL", "LOG", "RESET");
            assertThatThrownBy(() -> redq.queue("acl").producer().enqueue("job", new Job(1, 0)))
                    .isInstanceOf(QueueUnavailableException.class).hasMessageContaining("NOPERM");
        }
        assertThat(redis.command("ACL", "LOG")).contains("lpush");
    }

    @Test
    void aWrongPasswordFailsAtBuildSayingAuthenticationFailed() {
        createUser(ACL_SETUSER);
        assertThatThrownBy(() -> RedQ.connect("redis://redq-app:wrong@127.0.0.1:" + redis.port()))
                .isInstanceOf(RedisConnectException.class)
                .hasMessageContaining("authentication failed for user 'redq-app'")
                .hasMessageNotContaining("wrong")
                .satisfies(e -> System.out.println("wrong password: " + e.getMessage()));
    }

    @Test
    void theOperationsGuideQuotesTheTestedLine() throws Exception {
        Path guide = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("operations.md");
        assertThat(Files.readString(guide)).contains(ACL_SETUSER);
    }

    private void createUser(String line) {
        List<String> args = new ArrayList<>(List.of(line.replace(">CHANGE-ME", ">s3cret").split(" ")));
        redis.command(args.toArray(String[]::new));
    }
}
