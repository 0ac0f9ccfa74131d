package io.redq.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class OutageLogTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    /** A logger that records which level each call used. */
    private final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                if (method.getReturnType() == boolean.class) {
                    return true;
                }
                if (method.getReturnType() == void.class) {
                    calls.add(method.getName());
                }
                return method.getReturnType() == String.class ? "test" : null;
            });
    private final OutageLog outage = new OutageLog(logger, "Worker w");

    @Test
    void backsOffFrom100MsDoublingToACapOfOneSecond() {
        long[] waits = LongStream.range(0, 8).map(i -> outage.failed(new RuntimeException("down"))).toArray();
        assertThat(waits).containsExactly(100, 200, 400, 800, 1_000, 1_000, 1_000, 1_000);
    }

    @Test
    void staysAtTheCapDuringALongOutageAndLogsItOnce() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(outage.failed(new RuntimeException("down"))).isBetween(OutageLog.MIN_BACKOFF_MS,
                    OutageLog.MAX_BACKOFF_MS);
        }
        assertThat(outage.isDown()).isTrue();
        assertThat(calls.stream().filter("warn"::equals)).hasSize(1);
        assertThat(calls.stream().filter("info"::equals)).isEmpty();
    }

    @Test
    void theFirstSuccessLogsTheRecoveryOnceAndStartsTheBackOffAgain() {
        for (int i = 0; i < 10; i++) {
            outage.failed(new RuntimeException("down"));
        }
        outage.succeeded();
        outage.succeeded();
        assertThat(outage.isDown()).isFalse();
        assertThat(calls.stream().filter("info"::equals)).hasSize(1);
        assertThat(outage.failed(new RuntimeException("down again"))).isEqualTo(OutageLog.MIN_BACKOFF_MS);
        assertThat(calls.stream().filter("warn"::equals)).hasSize(2);
    }
}
