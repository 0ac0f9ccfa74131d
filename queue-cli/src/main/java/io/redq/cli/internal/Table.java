package io.redq.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Why: the human output of every command is a plain aligned table; numbers are right-aligned. */
final class Table {

    private final String[] headers;
    private final List<Object[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers;
    }

    Table row(Object... cells) {
        rows.add(cells);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] width = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            width[c] = headers[c].length();
            for (Object[] r : rows) {
                width[c] = Math.max(width[c], text(r[c]).length());
            }
        }
        line(out, headers, width);
        for (Object[] r : rows) {
            line(out, r, width);
        }
        out.flush();
    }

    private static void line(PrintWriter out, Object[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String t = text(cells[c]);
            boolean last = c == cells.length - 1;
            if (cells[c] instanceof Number) {
                b.append(" ".repeat(width[c] - t.length())).append(t);
            } else {
                b.append(t);
                if (!last) {
                    b.append(" ".repeat(width[c] - t.length()));
                }
            }
            if (!last) {
                b.append("  ");
            }
        }
        out.println(b.toString().stripTrailing());
    }

    private static String text(Object cell) {
        return cell == null ? "-" : cell.toString();
    }

    /** A key/value block: one line per pair, keys padded. */
    static void pairs(PrintWriter out, Object... keyValues) {
        int width = 0;
        for (int i = 0; i < keyValues.length; i += 2) {
            width = Math.max(width, keyValues[i].toString().length());
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            String key = keyValues[i].toString();
            String value = text(keyValues[i + 1]).replace("\n", "\n" + " ".repeat(width + 2));
            out.println(key + " ".repeat(width - key.length()) + "  " + value);
        }
        out.flush();
    }

    /** Shortens a text to at most {@code max} characters for a table cell. */
    static String shorten(String s, int max) {
        if (s == null) {
            return null;
        }
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= max ? one : one.substring(0, max - 3) + "...";
    }
}
