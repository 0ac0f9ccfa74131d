package io.redq.core.internal;

import io.redq.core.RedQ;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies {@code redq.*} properties (or {@code REDQ_*} environment variables) to a {@link RedQ.Builder},
 * so a deployment configures the connection without code. One table maps each key to its setter;
 * a bad value fails naming its key, and an unknown {@code redq.*} property fails too (a typo must
 * not silently fall back to a default).
 */
public final class ConnectionProperties {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Map<String, BiConsumer<RedQ.Builder, String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("redq.url", RedQ.Builder::url);
        KEYS.put("redq.username", RedQ.Builder::username);
        KEYS.put("redq.password", RedQ.Builder::password);
        KEYS.put("redq.commandTimeout", (b, v) -> b.commandTimeout(duration(v)));
        KEYS.put("redq.connectTimeout", (b, v) -> b.connectTimeout(duration(v)));
        KEYS.put("redq.topologyScanInterval", (b, v) -> b.topologyScanInterval(duration(v)));
        KEYS.put("redq.tls", (b, v) -> b.tls(bool(v)));
        KEYS.put("redq.tls.caCertificate", (b, v) -> b.tlsCaCertificate(Path.of(v)));
        KEYS.put("redq.tls.verifyHostname", (b, v) -> b.tlsVerifyHostname(bool(v)));
        KEYS.put("redq.keyPrefix", RedQ.Builder::keyPrefix);
        KEYS.put("redq.maxPayloadBytes", (b, v) -> b.maxPayloadBytes(integer(v)));
        KEYS.put("redq.uniqueTtl", (b, v) -> b.uniqueTtl(duration(v)));
    }

    /** Keys read together: a trust store and its password, the sentinels' user and password. */
    private static final String TRUST_STORE = "redq.tls.trustStore";
    private static final String TRUST_STORE_PASSWORD = "redq.tls.trustStorePassword";
    private static final String SENTINEL_USERNAME = "redq.sentinel.username";
    private static final String SENTINEL_PASSWORD = "redq.sentinel.password";

    private ConnectionProperties() {
    }

    /**
     * Applies the known keys, in a fixed order (the URL first, so the TLS flag after it wins).
     *
     * @param env true to read {@code REDQ_*} variable names (unknown ones ignored), false for
     *            {@code redq.*} property names (unknown ones rejected)
     * @throws IllegalArgumentException naming the key whose value is bad, or an unknown {@code redq.*} key
     */
    public static void apply(RedQ.Builder builder, Map<String, String> source, boolean env) {
        if (!env) {
            for (String key : source.keySet()) {
                if (key.startsWith("redq.") && !KEYS.containsKey(key) && !key.equals(TRUST_STORE)
                        && !key.equals(TRUST_STORE_PASSWORD) && !key.equals(SENTINEL_USERNAME)
                        && !key.equals(SENTINEL_PASSWORD)) {
                    throw new IllegalArgumentException("unknown property '" + key + "'; known: " + KEYS.keySet()
                            + " and " + TRUST_STORE + ", " + TRUST_STORE_PASSWORD + ", " + SENTINEL_USERNAME + ", "
                            + SENTINEL_PASSWORD);
                }
            }
        }
        KEYS.forEach((key, setter) -> {
            String value = get(source, key, env);
            if (value != null) {
                try {
                    setter.accept(builder, value.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name(key, env) + ": " + e.getMessage(), e);
                }
            }
        });
        String store = get(source, TRUST_STORE, env);
        if (store != null) {
            builder.tlsTrustStore(Path.of(store.trim()), get(source, TRUST_STORE_PASSWORD, env));
        }
        String sentinelPassword = get(source, SENTINEL_PASSWORD, env);
        if (sentinelPassword != null) {
            builder.sentinelCredentials(get(source, SENTINEL_USERNAME, env), sentinelPassword);
        }
    }

    private static String get(Map<String, String> source, String key, boolean env) {
        String value = source.get(name(key, env));
        return value == null || value.isBlank() ? null : value;
    }

    /** {@code redq.tls.caCertificate} → {@code REDQ_TLS_CA_CERTIFICATE} for the environment. */
    static String name(String key, boolean env) {
        return env ? key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT) : key;
    }

    /**
     * Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or an ISO-8601 duration such as {@code PT5S}.
     *
     * @throws IllegalArgumentException naming the value
     */
    static Duration duration(String v) {
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + v + "' is not a duration (e.g. 500ms, 5s, 2m, 1h, PT5S)");
        }
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
        };
    }

    private static int integer(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number");
        }
    }
}
