package io.redq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The checks RedQ.Builder makes before it connects: none of these needs a Redis. */
class RedQBuilderTest {

    @Test
    void timeoutsAreValidatedAndNamed() {
        assertThatThrownBy(() -> RedQ.builder().commandTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commandTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> RedQ.builder().connectTimeout(Duration.ofHours(1)))
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> RedQ.builder().topologyScanInterval(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("topologyScanInterval");
    }

    @Test
    void addressesAreCheckedAtOnce() {
        assertThatThrownBy(() -> RedQ.builder().sentinel(" ", "h:26379")).hasMessageContaining("masterName");
        assertThatThrownBy(() -> RedQ.builder().sentinel("m")).hasMessageContaining("at least one sentinel");
        assertThatThrownBy(() -> RedQ.builder().cluster("h:7000", "h:x")).hasMessageContaining("'h:x'");
        assertThatThrownBy(() -> RedQ.builder().tlsCaCertificate(Path.of("/no/such/ca.pem")))
                .hasMessageContaining("tlsCaCertificate /no/such/ca.pem");
    }

    @Test
    void trustSettingsWithoutTlsFailAtBuild() throws Exception {
        Path ca = java.nio.file.Files.createTempFile("redq-ca", ".pem");
        try {
            assertThatThrownBy(() -> RedQ.builder().url("redis://127.0.0.1:1").tlsCaCertificate(ca).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not use TLS");
        } finally {
            java.nio.file.Files.delete(ca);
        }
        assertThatThrownBy(() -> RedQ.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sentinel(...)");
    }

    @Test
    void propertiesNameTheBadKey() {
        Properties p = new Properties();
        p.setProperty("redq.url", "redis://127.0.0.1:1");
        p.setProperty("redq.comandTimeout", "5s");
        assertThatThrownBy(() -> RedQ.fromProperties(p)).hasMessageContaining("unknown property 'redq.comandTimeout'");
        assertThatThrownBy(() -> RedQ.builder().properties(Map.of("redq.connectTimeout", "soon")))
                .hasMessageContaining("redq.connectTimeout").hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> RedQ.builder().environment(Map.of("REDQ_COMMAND_TIMEOUT", "0ms")))
                .hasMessageContaining("REDQ_COMMAND_TIMEOUT").hasMessageContaining("commandTimeout");
        assertThatThrownBy(() -> RedQ.builder().environment(Map.of("REDQ_TLS_VERIFY_HOSTNAME", "maybe")))
                .hasMessageContaining("REDQ_TLS_VERIFY_HOSTNAME");
        // Unknown environment variables are left alone: other tools use the REDQ_ prefix too.
        RedQ.builder().environment(Map.of("REDQ_HOME", "/opt/redq", "REDQ_COMMAND_TIMEOUT", "PT2S"));
    }
}
