package io.redq.dashboard.internal;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Checks the credentials of a request: a bearer token (header, or the session cookie the page gets
 * from {@code /?token=}) and/or HTTP Basic. Secrets are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken tells nothing about how much of a guess matched.
 */
public final class Auth {

    /** The cookie that carries the token for the page, its static files and its API calls. */
    static final String COOKIE = "redq_dashboard";

    /** How a request proved who it is. */
    enum Via {
        /** No credentials needed (authentication turned off). */
        NONE,
        /** {@code Authorization: Bearer}: sent by a program on purpose, never by a browser on its own. */
        BEARER_HEADER,
        /** The session cookie or HTTP Basic: a browser attaches them by itself, even to a cross-site request. */
        AMBIENT
    }

    private final byte[] tokenDigest;
    private final byte[] userDigest;
    private final byte[] passwordDigest;

    private Auth(String token, String user, String password) {
        this.tokenDigest = token == null ? null : digest(token);
        this.userDigest = user == null ? null : digest(user);
        this.passwordDigest = password == null ? null : digest(password);
    }

    /** No authentication at all. */
    public static Auth none() {
        return new Auth(null, null, null);
    }

    /** A token, a user and password, or both (either is accepted); at least one must be given. */
    public static Auth of(String token, String user, String password) {
        if (token == null && user == null) {
            throw new IllegalArgumentException("a token or a user and password is needed");
        }
        return new Auth(token, user, password);
    }

    /** Checks a token: at least 16 characters, no whitespace. */
    public static String checkToken(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("token must be at least 16 characters, was "
                    + (token == null ? "null" : token.length() + " characters"));
        }
        for (int i = 0; i < token.length(); i++) {
            if (Character.isWhitespace(token.charAt(i)) || Character.isISOControl(token.charAt(i))) {
                throw new IllegalArgumentException("token must not contain whitespace or control characters");
            }
        }
        return token;
    }

    /** Checks a Basic user (not blank, no colon) and password (at least 8 characters). */
    public static void checkBasic(String user, String password) {
        if (user == null || user.isBlank() || user.contains(":")) {
            throw new IllegalArgumentException("basic-auth user must not be blank or contain a colon");
        }
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("basic-auth password must be at least 8 characters");
        }
    }

    boolean required() {
        return tokenDigest != null || userDigest != null;
    }

    boolean hasToken() {
        return tokenDigest != null;
    }

    /** What the server sends with a 401: one challenge per accepted scheme. */
    List<String> challenges() {
        return userDigest == null ? List.of("Bearer realm=\"redq dashboard\"")
                : tokenDigest == null ? List.of("Basic realm=\"redq dashboard\", charset=\"UTF-8\"")
                : List.of("Bearer realm=\"redq dashboard\"", "Basic realm=\"redq dashboard\", charset=\"UTF-8\"");
    }

    /** How the request authenticated, or null if it did not. */
    Via check(HttpExchange ex) {
        if (!required()) {
            return Via.NONE;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header != null) {
            int space = header.indexOf(' ');
            String scheme = space < 0 ? header : header.substring(0, space);
            String value = space < 0 ? "" : header.substring(space + 1).trim();
            if (scheme.equalsIgnoreCase("Bearer")) {
                return tokenMatches(value) ? Via.BEARER_HEADER : null;
            }
            if (scheme.equalsIgnoreCase("Basic")) {
                return basicMatches(value) ? Via.AMBIENT : null;
            }
            return null;
        }
        String cookie = cookie(ex);
        return cookie != null && tokenMatches(cookie) ? Via.AMBIENT : null;
    }

    /** True if this is the token (constant time). */
    boolean tokenMatches(String candidate) {
        return tokenDigest != null && candidate != null && MessageDigest.isEqual(tokenDigest, digest(candidate));
    }

    private boolean basicMatches(String encoded) {
        if (userDigest == null) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        // both compared every time, combined without short-circuit
        boolean user = MessageDigest.isEqual(userDigest, digest(decoded.substring(0, colon)));
        boolean password = MessageDigest.isEqual(passwordDigest, digest(decoded.substring(colon + 1)));
        return user & password;
    }

    private static String cookie(HttpExchange ex) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
