package io.redq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every benchmark scenario with tiny sizes against a redis-server the benchmark starts
 * itself (redis-server must be on the PATH), and checks each result line: valid JSON, no error,
 * positive task rates, and child JVMs and Redis gone afterwards.
 */
class BenchSmokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(120)
    void everyScenarioReportsParseableLinesWithPositiveRates() throws Exception {
        BenchOptions options = BenchOptions.parse("--n", "2000", "--scale-n", "2000", "--cost-n", "1000",
                "--latency-seconds", "1", "--idle-seconds", "2", "--jvms", "2", "--rate", "1000",
                "--timeout-seconds", "60", "--warmup-seconds", "3");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<Result> results = Bench.run(options, new PrintStream(buf, true, StandardCharsets.UTF_8));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(results.size());
        Map<String, Integer> perScenario = new TreeMap<>();
        for (JsonNode line : lines) {
            assertThat(line.has("error")).as("error in %s", line).isFalse();
            perScenario.merge(line.get("scenario").asText(), 1, Integer::sum);
            assertPositiveRates(line);
        }
        assertThat(perScenario).containsExactlyInAnyOrderEntriesOf(Map.of("enqueue", 4, "drain", 5, "latency", 1,
                "scale", 2, "cost", 2, "priorities", 2, "sharded", 2));
        assertThat(Result.table(results)).contains("| drain | 2 JVMs × concurrency 50 | drain rate |");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    }

    private static void assertPositiveRates(JsonNode line) {
        int rates = 0;
        for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.endsWith("asksPerSec")) {
                assertThat(line.get(field).asDouble()).as("%s in %s", field, line).isPositive();
                rates++;
            }
        }
        String scenario = line.get("scenario").asText();
        if (scenario.equals("cost")) {
            assertThat(line.has("commandsPerTask") || line.has("idleCommandsPerSec")).as("%s", line).isTrue();
            assertThat(line.get("commands").isObject()).isTrue();
        } else {
            assertThat(rates).as("task rates in %s", line).isPositive();
        }
        if (scenario.equals("drain")) {
            assertThat(line.get("handled").asLong()).isGreaterThanOrEqualTo(line.get("tasks").asLong());
        }
        if (scenario.equals("latency")) {
            assertThat(line.get("p50Ms").asDouble()).isPositive();
            assertThat(line.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(line.get("p50Ms").asDouble());
        }
    }
}
