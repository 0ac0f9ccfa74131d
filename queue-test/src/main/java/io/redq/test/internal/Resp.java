package io.redq.test.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocketFactory;

/**
 * Just enough RESP2 to send one command and read one reply over a plain socket.
 *
 * <p>It exists so that queue-test can PING, INFO, CONFIG GET or DEBUG SLEEP a server it
 * started without depending on a Redis client library. It opens one connection per call
 * and is not meant for anything that needs throughput.
 */
public final class Resp {

    /** An error reply ({@code -ERR ...}); {@link #render(Object)} turns it into an exception. */
    public record ErrorReply(String message) {
        /**
         * @param message the error text without the leading {@code -}; must not be null
         */
        public ErrorReply {
            Objects.requireNonNull(message, "message must not be null");
        }
    }

    private Resp() {
    }

    /**
     * Sends one command and returns its reply rendered as text (see {@link #render(Object)}).
     *
     * @param host    host to connect to; must not be null
     * @param port    TCP port
     * @param timeout bound for connecting and for waiting on the reply; must not be null
     * @param args    the command and its arguments; at least one, none null
     * @return the rendered reply; null for a nil reply
     * @throws IOException           if connecting, writing or reading fails or times out
     *                               ({@link java.net.SocketTimeoutException})
     * @throws IllegalStateException if Redis answers with an error reply
     */
    public static String call(String host, int port, Duration timeout, String... args) throws IOException {
        return call(null, host, port, timeout, args);
    }

    /**
     * Like {@link #call(String, String, int, Duration, String...)}, over TLS when {@code tls} is not null.
     *
     * @param tls     makes the TLS socket over the connected one; null for plain text
     * @param host    host to connect to; must not be null
     * @param port    TCP port
     * @param timeout bound for connecting, the handshake and the reply; must not be null
     * @param args    the command and its arguments; at least one, none null
     * @return the rendered reply; null for a nil reply
     * @throws IOException           if connecting, the handshake, writing or reading fails or times out
     * @throws IllegalStateException if Redis answers with an error reply
     */
    public static String call(SSLSocketFactory tls, String host, int port, Duration timeout, String... args)
            throws IOException {
        Objects.requireNonNull(host, "host must not be null");
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        byte[] request = encode(List.of(args));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            Socket channel = tls == null ? socket : tls.createSocket(socket, host, port, true);
            OutputStream out = channel.getOutputStream();
            out.write(request);
            out.flush();
            return render(read(new BufferedInputStream(channel.getInputStream())));
        }
    }

    /**
     * Encodes a command as a RESP array of bulk strings (UTF-8).
     *
     * @param args the command and its arguments; must not be empty or contain null
     * @return the bytes to write to the socket
     * @throws IllegalArgumentException if {@code args} is empty
     */
    public static byte[] encode(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a Redis command needs at least a name");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeAscii(out, "*" + args.size() + "\r\n");
        for (String arg : args) {
            byte[] bytes = Objects.requireNonNull(arg, "command arguments must not be null")
                    .getBytes(StandardCharsets.UTF_8);
            writeAscii(out, "$" + bytes.length + "\r\n");
            out.writeBytes(bytes);
            writeAscii(out, "\r\n");
        }
        return out.toByteArray();
    }

    /**
     * Reads one reply.
     *
     * @param in the stream to read from; must not be null
     * @return a {@link String} (simple or bulk string), a {@link Long} (integer), a
     *         {@link List} of replies (array), an {@link ErrorReply}, or null (nil bulk
     *         string or nil array)
     * @throws EOFException if the stream ends inside a reply
     * @throws IOException  if reading fails or the bytes are not RESP2
     */
    public static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type == -1) {
            throw new EOFException("connection closed before a reply arrived");
        }
        switch (type) {
            case '+':
                return readLine(in);
            case '-':
                return new ErrorReply(readLine(in));
            case ':':
                return parseLong(readLine(in));
            case '$':
                return readBulk(in, parseLong(readLine(in)));
            case '*':
                return readArray(in, parseLong(readLine(in)));
            default:
                throw new IOException("not a RESP2 reply: unexpected type byte 0x" + Integer.toHexString(type));
        }
    }

    /**
     * Renders a reply from {@link #read(InputStream)} as text: strings as they are, integers
     * in decimal, arrays as their rendered elements joined by {@code \n} (a nil element
     * becomes an empty line).
     *
     * @param reply the reply; may be null
     * @return the text; null if {@code reply} is null
     * @throws IllegalStateException if the reply is, or contains, an {@link ErrorReply}
     */
    public static String render(Object reply) {
        if (reply == null) {
            return null;
        }
        if (reply instanceof ErrorReply error) {
            throw new IllegalStateException("Redis replied with an error: " + error.message());
        }
        if (reply instanceof List<?> list) {
            return list.stream()
                    .map(element -> Objects.requireNonNullElse(render(element), ""))
                    .collect(Collectors.joining("\n"));
        }
        return reply.toString();
    }

    private static String readBulk(InputStream in, long length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(Math.toIntExact(length));
        if (bytes.length < length) {
            throw new EOFException("connection closed inside a bulk string");
        }
        expectCrlf(in);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<Object> readArray(InputStream in, long count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> elements = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            elements.add(read(in));
        }
        return elements;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed inside a reply line");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("not a RESP2 reply: CR without LF");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private static void expectCrlf(InputStream in) throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr == -1 || lf == -1) {
            throw new EOFException("connection closed after a bulk string");
        }
        if (cr != '\r' || lf != '\n') {
            throw new IOException("not a RESP2 reply: bulk string not followed by CRLF");
        }
    }

    private static long parseLong(String text) throws IOException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("not a RESP2 reply: expected a number but got '" + text + "'", e);
        }
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
