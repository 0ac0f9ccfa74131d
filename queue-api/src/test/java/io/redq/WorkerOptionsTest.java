package io.redq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        WorkerOptions o = WorkerOptions.defaults();
        assertThat(o.concurrency()).isEqualTo(WorkerOptions.DEFAULT_CONCURRENCY);
        assertThat(o.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(WorkerOptions.builder().lease(Duration.ofMinutes(5)).build().heartbeatInterval())
                .as("capped so recovery and the orphan check stay prompt").isEqualTo(Duration.ofSeconds(10));
        assertThat(WorkerOptions.builder().lease(Duration.ofSeconds(6)).build().heartbeatInterval())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(o.deliveryLimit()).isEqualTo(5);
        assertThat(o.executor()).isNull();
        assertThat(o.failurePolicy()).isNull();
    }

    @Test
    void settersNameTheBadArgument() {
        WorkerOptions.Builder b = WorkerOptions.builder();
        assertThatThrownBy(() -> b.concurrency(0)).hasMessage("concurrency must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> b.lease(Duration.ofMillis(10))).hasMessageStartingWith("lease must be at least");
        assertThatThrownBy(() -> b.lease(null)).hasMessage("lease must not be null");
        assertThatThrownBy(() -> b.deliveryLimit(0)).hasMessageContaining("deliveryLimit");
        assertThatThrownBy(() -> b.taskTimeout(Duration.ZERO)).hasMessageContaining("taskTimeout");
        assertThatThrownBy(() -> b.shutdownDeadline(Duration.ofSeconds(-1))).hasMessageContaining("shutdownDeadline");
        assertThatThrownBy(() -> b.fetchTimeout(Duration.ofMinutes(2))).hasMessageContaining("fetchTimeout");
        assertThatThrownBy(() -> b.fetchTimeout(Duration.ofMillis(1500)))
                .hasMessage("fetchTimeout must be a whole number of seconds up to 1 minute, was PT1.5S");
        assertThatThrownBy(() -> b.fetchTimeout(Duration.ofMillis(500)))
                .hasMessage("fetchTimeout must be at least PT1S, was PT0.5S");
        assertThatThrownBy(() -> WorkerOptions.builder().lease(Duration.ofSeconds(3)).build())
                .hasMessageContaining("fetchTimeout (PT2S) must be at most half the lease (PT3S)");
        assertThat(WorkerOptions.builder().lease(Duration.ofSeconds(2)).fetchTimeout(Duration.ofSeconds(1)).build()
                .heartbeatInterval().toMillis()).isEqualTo(666);
    }

    @Test
    void mutateCopiesEverything() {
        WorkerOptions o = WorkerOptions.builder().concurrency(3).deliveryLimit(9).build();
        WorkerOptions copy = o.mutate().build();
        assertThat(copy.concurrency()).isEqualTo(3);
        assertThat(copy.deliveryLimit()).isEqualTo(9);
    }
}
