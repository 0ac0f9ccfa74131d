package io.redq.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAlignAndNumbersAlignRight() {
        StringWriter out = new StringWriter();
        new Table("QUEUE", "READY", "PAUSED").row("emails", 3L, "no").row("a", 1234L, null).print(new PrintWriter(out));
        assertThat(out.toString().lines()).containsExactly(
                "QUEUE   READY  PAUSED",
                "emails      3  no",
                "a        1234  -");
    }

    @Test
    void pairsIndentMultiLineValuesAndCellsAreShortened() {
        StringWriter out = new StringWriter();
        Table.pairs(new PrintWriter(out), "id", "x", "message", "one\ntwo");
        assertThat(out.toString().lines()).containsExactly("id       x", "message  one", "         two");
        assertThat(Table.shorten("a\nb  c", 10)).isEqualTo("a b c");
        assertThat(Table.shorten("0123456789abc", 10)).isEqualTo("0123456...");
        assertThat(Table.shorten(null, 10)).isNull();
    }
}
