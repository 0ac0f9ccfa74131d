package io.redq.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redq.cli.RedqCli;
import org.junit.jupiter.api.Test;

class QueueLevelsTest {

    @Test
    void theKeysThatExistTellTheLevels() {
        assertThat(QueueLevels.resolve("q", null, true, false, true)).isEqualTo(1);
        assertThat(QueueLevels.resolve("q", null, false, true, true)).as("levels, count unknown: the most")
                .isEqualTo(16);
        assertThat(QueueLevels.resolve("q", null, false, false, false)).as("reads of empty lists").isEqualTo(1);
    }

    @Test
    void aRequeueRefusesToGuessWhenNoReadyListExists() {
        assertThatThrownBy(() -> QueueLevels.resolve("q", null, false, false, true))
                .isInstanceOf(CliException.class).hasMessageContaining("pass --levels 1")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(RedqCli.EXIT_USAGE);
        assertThat(QueueLevels.resolve("q", 1, false, false, true)).isEqualTo(1);
        assertThat(QueueLevels.resolve("q", 4, false, false, true)).isEqualTo(4);
    }

    @Test
    void givenLevelsMustMatchTheKeys() {
        assertThatThrownBy(() -> QueueLevels.resolve("q", 1, false, true, false))
                .isInstanceOf(CliException.class).hasMessageContaining("per priority level");
        assertThatThrownBy(() -> QueueLevels.resolve("q", 3, true, false, false))
                .isInstanceOf(CliException.class).hasMessageContaining("a single list");
        assertThatThrownBy(() -> QueueLevels.resolve("q", null, true, true, false))
                .isInstanceOf(CliException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> QueueLevels.check(17)).isInstanceOf(CliException.class)
                .hasMessage("--levels must be between 1 and 16, was 17");
        QueueLevels.check(null);
    }
}
