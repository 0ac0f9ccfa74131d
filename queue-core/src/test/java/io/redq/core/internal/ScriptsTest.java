package io.redq.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScriptsTest {

    @Test
    void theFlagsLineIsBlankedForRedisBefore7KeepingLineNumbers() {
        String script = "#!lua flags=allow-oom\n--[[ header ]]\nreturn 1\n";
        assertThat(Scripts.withoutShebang(script)).isEqualTo("\n--[[ header ]]\nreturn 1\n");
        assertThat(Scripts.withoutShebang(script).lines().count()).isEqualTo(script.lines().count());
        assertThat(Scripts.withoutShebang("return 1")).isEqualTo("return 1");
    }
}
