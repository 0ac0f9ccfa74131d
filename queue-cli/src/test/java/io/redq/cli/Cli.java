package io.redq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine;

/** Runs the tool in-process, as a shell would, with captured output and a given standard input. */
final class Cli {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What one run printed and returned. */
    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + " / stderr: " + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Map<String, String> env;

    Cli(String redisUrl) {
        this.env = Map.of("REDIS_URL", redisUrl);
    }

    Result run(String... args) {
        return input("", args);
    }

    Result input(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = RedqCli.commandLine(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static String queueName(String test) {
        return "it-cli-" + test + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
