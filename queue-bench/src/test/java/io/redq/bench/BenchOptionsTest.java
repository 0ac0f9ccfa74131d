package io.redq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of the benchmark, and the payload sizing; no Redis needed. */
class BenchOptionsTest {

    @Test
    void defaultsAreTheSizesOfTheIssue() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.scenarios()).isEqualTo(BenchOptions.ALL);
        assertThat(o.n()).isEqualTo(100_000);
        assertThat(o.scaleN()).isEqualTo(1_000_000);
        assertThat(o.latencySeconds()).isEqualTo(20);
        assertThat(o.idleSeconds()).isEqualTo(10);
        assertThat(o.concurrencies()).containsExactly(1, 10, 50, 100);
        assertThat(o.jvms()).isEqualTo(4);
    }

    @Test
    void quickShrinksSizesButExplicitOptionsWinInAnyOrder() {
        BenchOptions o = BenchOptions.parse("--n", "500", "--quick", "--scenarios", "drain,cost");
        assertThat(o.n()).isEqualTo(500);
        assertThat(o.scaleN()).isEqualTo(20_000);
        assertThat(o.latencySeconds()).isEqualTo(3);
        assertThat(o.scenarios()).isEqualTo(List.of("drain", "cost"));
    }

    @Test
    void argumentsArrivingAsOneStringAreSplit() {
        assertThat(BenchOptions.parse("--quick --n 1000").n()).isEqualTo(1000);
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        assertThatThrownBy(() -> BenchOptions.parse("--scenarios", "drain,nope"))
                .hasMessageContaining("unknown scenario 'nope'");
        assertThatThrownBy(() -> BenchOptions.parse("--n", "-3")).hasMessageContaining("--n must be a positive");
        assertThatThrownBy(() -> BenchOptions.parse("--colour", "red")).hasMessageContaining("colour");
    }

    @Test
    void payloadOfSizeHasExactlyThatManyBytesOfJson() {
        assertThat(Noop.jsonLength(Noop.ofSize(100))).isEqualTo(100);
        assertThat(Noop.jsonLength(Noop.ofSize(1024))).isEqualTo(1024);
    }

    @Test
    void tableHasOneRowPerFigureWithItsTarget() {
        Result r = Result.of("drain", "1 JVM × concurrency 50").field("tasks", 10)
                .figure("tasksPerSec", "drain rate", 61_234.5, "tasks/s").target("≥ 60,000 tasks/s", true);
        assertThat(r.toJson()).isEqualTo("{\"scenario\":\"drain\",\"tasks\":10,\"tasksPerSec\":61234.5}");
        assertThat(Result.table(List.of(r)))
                .contains("| drain | 1 JVM × concurrency 50 | drain rate | 61,235 tasks/s | ≥ 60,000 tasks/s | yes |");
    }
}
