package io.redq.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MainArgsTest {

    @Test
    void defaultsComeFromTheEnvironmentThenFixedValuesAndAMissingTokenIsMade() {
        MainArgs a = MainArgs.parse(new String[0], Map.of());
        assertThat(a.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(a.bind()).isEqualTo("127.0.0.1");
        assertThat(a.port()).isEqualTo(8080);
        assertThat(a.readOnly()).isFalse();
        assertThat(a.tokenGenerated()).isTrue();
        assertThat(a.token()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(MainArgs.parse(new String[0], Map.of()).token()).isNotEqualTo(a.token());

        MainArgs env = MainArgs.parse(new String[0], Map.of("REDIS_URL", "redis://r:6380",
                "REDQ_DASHBOARD_TOKEN", "from-the-environment"));
        assertThat(env.redisUrl()).isEqualTo("redis://r:6380");
        assertThat(env.token()).isEqualTo("from-the-environment");
        assertThat(env.tokenGenerated()).isFalse();

        MainArgs given = MainArgs.parse(new String[] {"--redis", "rediss://h:1", "--port=0", "--bind", "0.0.0.0",
            "--token", "given-on-the-command-line", "--read-only", "--levels", "orders=3", "--prefix", "app"},
                Map.of("REDIS_URL", "redis://ignored:1"));
        assertThat(given.redisUrl()).isEqualTo("rediss://h:1");
        assertThat(given.port()).isZero();
        assertThat(given.bind()).isEqualTo("0.0.0.0");
        assertThat(given.token()).isEqualTo("given-on-the-command-line");
        assertThat(given.readOnly()).isTrue();
        assertThat(given.levels()).containsEntry("orders", 3);
        assertThat(given.prefix()).isEqualTo("app");
    }

    @Test
    void badArgumentsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse("--port", "99999")).hasMessageContaining("--port");
        assertThatThrownBy(() -> parse("--port")).hasMessage("--port needs a value");
        assertThatThrownBy(() -> parse("--redis", "http://x")).hasMessageContaining("--redis");
        assertThatThrownBy(() -> parse("--redis", "http://u:secret@x")).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> parse("--token", "short")).hasMessageContaining("--token");
        assertThatThrownBy(() -> MainArgs.parse(new String[0], Map.of("REDQ_DASHBOARD_TOKEN", "short")))
                .hasMessageContaining("REDQ_DASHBOARD_TOKEN");
        assertThatThrownBy(() -> parse("--levels", "orders")).hasMessageContaining("--levels");
        assertThatThrownBy(() -> parse("--levels", "orders=17")).hasMessageContaining("between 1 and 16");
        assertThatThrownBy(() -> parse("--levels", "a{b=2")).hasMessageContaining("--levels");
        assertThatThrownBy(() -> parse("--what")).hasMessage("unknown argument '--what'");
    }

    private static MainArgs parse(String... args) {
        return MainArgs.parse(args, Map.of());
    }
}
