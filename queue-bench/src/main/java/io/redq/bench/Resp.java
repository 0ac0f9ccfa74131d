package io.redq.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny RESP2 client on a raw socket, for what the benchmark must see outside redq and Redisson:
 * INFO, CLIENT LIST, LLEN, and MONITOR (whose lines {@link CommandCounter} reads with {@link #readLine()}).
 */
final class Resp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private Resp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** Connects (and AUTHs if the URL holds a password). */
    static Resp connect(RedisTarget target) {
        try {
            Resp r = new Resp(new Socket(target.host(), target.port()));
            if (target.password() != null) {
                r.call("AUTH", target.password());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to Redis at " + target.host() + ":" + target.port(), e);
        }
    }

    /** Sends one command and reads its reply: String, Long, List, or null. An error reply throws. */
    Object call(String... args) {
        try {
            send(args);
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(String... args) throws IOException {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The fields of one INFO section, e.g. "memory" → used_memory. */
    Map<String, String> info(String section) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : ((String) call("INFO", section)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    long infoLong(String section, String field) {
        return Long.parseLong(info(section).get(field));
    }

    /** The addresses (ip:port as the server sees them) of all connected clients. */
    List<String> clientAddresses() {
        List<String> addrs = new ArrayList<>();
        for (String line : ((String) call("CLIENT", "LIST")).split("\n")) {
            for (String field : line.trim().split(" ")) {
                if (field.startsWith("addr=")) {
                    addrs.add(field.substring(5));
                }
            }
        }
        return addrs;
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException("Redis answered an error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$':
                return readBulk(Integer.parseInt(line));
            case '*':
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            default:
                throw new IOException("unexpected RESP type byte " + type + " (connection closed?)");
        }
    }

    private String readBulk(int len) throws IOException {
        if (len < 0) {
            return null;
        }
        byte[] b = in.readNBytes(len + 2);
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }

    /** Reads one CRLF-terminated line (without the CRLF); null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\r') {
                in.read(); // the '\n'
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is gone
        }
    }
}
