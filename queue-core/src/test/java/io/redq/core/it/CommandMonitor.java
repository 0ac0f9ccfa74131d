package io.redq.core.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts the commands clients send to a Redis server, with MONITOR on a raw connection. Commands a
 * Lua script runs are shown by MONITOR as "[0 lua]" and are not counted: they are not round trips.
 */
final class CommandMonitor implements AutoCloseable {

    private final Socket socket;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private CommandMonitor(Socket socket) throws IOException {
        this.socket = socket;
        OutputStream out = socket.getOutputStream();
        out.write("*1\r\n$7\r\nMONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String ok = in.readLine();
        if (!"+OK".equals(ok)) {
            throw new IOException("MONITOR answered " + ok);
        }
        reader = new Thread(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the monitor was closed
            }
        }, "command-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    static CommandMonitor start(String host, int port) {
        try {
            return new CommandMonitor(new Socket(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commands clients sent so far (not those run inside scripts). */
    List<String> clientCommands() {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.contains(" lua] ")) {
                out.add(line);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
