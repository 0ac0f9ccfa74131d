package io.redq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void requiredFieldsAreChecked() {
        assertThatThrownBy(() -> Envelope.builder().type("t").payload("1").build()).hasMessageContaining("id");
        assertThatThrownBy(() -> Envelope.builder().id("a").payload("1").build()).hasMessageContaining("type");
        assertThatThrownBy(() -> Envelope.builder().id("a").type("t").build()).hasMessageContaining("payload");
        assertThatThrownBy(() -> Envelope.builder().id("a").type("t").payload("1").deliveries(-1).build())
                .hasMessageContaining("deliveries");
    }

    @Test
    void withNextDeliveryCountsUpAndKeepsTheRest() {
        Envelope e = Envelope.builder().id("a").type("t").payload("{}").header("h", "v").build();
        Envelope next = e.withNextDelivery();
        assertThat(next.deliveries()).isEqualTo(1);
        assertThat(next.toBuilder().deliveries(0).build()).isEqualTo(e);
        assertThat(e.headers()).containsEntry("h", "v");
        assertThatThrownBy(() -> e.headers().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
