package io.redq.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import org.junit.jupiter.api.Test;

/** Runs {@link VirtualThreadsExample} (built and run only on Java 21 and later). */
@RedisTest
class VirtualThreadsExampleIT {

    @Test
    void handlersRunOnVirtualThreadsManyAtOnceAndEveryTaskIsHandled(RedisEndpoint redis) throws InterruptedException {
        VirtualThreadsExample.Outcome outcome = VirtualThreadsExample.run(redis.url());

        assertThat(outcome.handled()).isEqualTo(VirtualThreadsExample.TASKS);
        assertThat(outcome.onVirtual()).as("handlers on virtual threads").isEqualTo(VirtualThreadsExample.TASKS);
        assertThat(outcome.mostAtOnce()).as("blocked handlers at once, far more than the machine's cores")
                .isGreaterThan(4 * Runtime.getRuntime().availableProcessors())
                .isLessThanOrEqualTo(VirtualThreadsExample.CONCURRENCY);
    }
}
