package io.redq.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One scenario result: the setup fields and the measured figures, printed as one JSON line, and
 * as rows of the Markdown table (one row per figure, with its target from issue 7 when there is one).
 */
final class Result {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One measured figure; {@code target} is null when the issue sets none. */
    record Figure(String key, String label, double value, String unit, String target, Boolean met) {
    }

    private final String scenario;
    private final String setup;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();

    private Result(String scenario, String setup) {
        this.scenario = scenario;
        this.setup = setup;
        fields.put("scenario", scenario);
    }

    /** A result of {@code scenario}; {@code setup} is the short text in the table's setup column. */
    static Result of(String scenario, String setup) {
        return new Result(scenario, setup);
    }

    /** A setup or context field (JSON only). */
    Result field(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** A measured figure (JSON and table). */
    Result figure(String key, String label, double value, String unit) {
        double rounded = Math.round(value * 100) / 100.0;
        fields.put(key, rounded);
        figures.add(new Figure(key, label, rounded, unit, null, null));
        return this;
    }

    /** Sets the target of the last figure added and whether it was met. */
    Result target(String text, boolean met) {
        Figure f = figures.remove(figures.size() - 1);
        figures.add(new Figure(f.key(), f.label(), f.value(), f.unit(), text, met));
        return this;
    }

    /** Marks the result as failed (the scenario threw or timed out). */
    Result error(String message) {
        fields.put("error", message);
        return this;
    }

    boolean isError() {
        return fields.containsKey("error");
    }

    String scenario() {
        return scenario;
    }

    double value(String key) {
        Object v = fields.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Markdown table of all results. */
    static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder("| scenario | setup | figure | value | target | met |\n");
        sb.append("|---|---|---|---:|---|---|\n");
        for (Result r : results) {
            if (r.fields.containsKey("error")) {
                sb.append(row(r.scenario, r.setup, "error", String.valueOf(r.fields.get("error")), "", ""));
            }
            for (Figure f : r.figures) {
                sb.append(row(r.scenario, r.setup, f.label(), format(f.value(), f.unit()),
                        f.target() == null ? "" : f.target(),
                        f.met() == null ? "" : f.met() ? "yes" : "**no**"));
            }
        }
        return sb.toString();
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    static String format(double value, String unit) {
        String number = Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
        return unit.isEmpty() ? number : number + " " + unit;
    }
}
