package io.lakeobs.tests.uploader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 that understands just enough HTTP/1.1 to fail on purpose: one
 * request per connection (it adds {@code Connection: close} both ways), and for each request a
 * {@link Fault} chosen by the current {@link Policy}: pass, answer 500 or 503 SlowDown itself,
 * reset the connection before, during or after the upstream saw the request, stall, answer
 * slowly, or refuse. Every request and its fault are logged for assertions.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault {
        PASS,
        /** 500 from the proxy; the upstream never sees the request. */
        HTTP_500,
        /** S3's throttling answer. */
        SLOW_DOWN_503,
        /** A 400 that no retry can fix (permanent). */
        HTTP_400,
        /** Reads the head and half the body, then resets: the upload never arrives. */
        RESET_MID_BODY,
        /** Forwards the whole request, the upstream acts on it, then resets instead of answering. */
        RESET_AFTER_UPSTREAM,
        /** Reads the request and never answers: the client times out. */
        STALL,
        /** Forwards, then relays the answer a few bytes at a time. */
        SLOW_RESPONSE,
        /** Closes the connection at once, as a host that is down. */
        REFUSE
    }

    /** Chooses the fault of the n-th request (0-based) with this request line. */
    interface Policy {
        Fault choose(int index, String requestLine);

        static Policy pass() {
            return (index, line) -> Fault.PASS;
        }

        static Policy always(final Fault fault) {
            return (index, line) -> fault;
        }

        /** The faults in order for the first requests matching {@code method} (others pass), then pass. */
        static Policy script(final String method, final Fault... faults) {
            final AtomicInteger matched = new AtomicInteger();
            return (index, line) -> {
                if (!line.startsWith(method + " ")) {
                    return Fault.PASS;
                }
                final int n = matched.getAndIncrement();
                return n < faults.length ? faults[n] : Fault.PASS;
            };
        }

        /** With probability {@code rate} one of {@code faults}, from a seeded Random (synchronized: one sequence). */
        static Policy random(final long seed, final double rate, final Fault... faults) {
            final Random random = new Random(seed);
            return (index, line) -> {
                synchronized (random) {
                    return random.nextDouble() < rate ? faults[random.nextInt(faults.length)] : Fault.PASS;
                }
            };
        }
    }

    record Logged(String requestLine, Fault fault) {
    }

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        final Thread thread = new Thread(r, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Logged> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();
    private volatile InetSocketAddress upstream;
    private volatile Policy policy = Policy.pass();

    FaultProxy() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        connections.execute(this::acceptLoop);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    FaultProxy upstream(final URI target) {
        this.upstream = new InetSocketAddress("127.0.0.1", target.getPort());
        return this;
    }

    void policy(final Policy newPolicy) {
        this.policy = newPolicy;
    }

    void clearLog() {
        log.clear();
    }

    List<Logged> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    long count(final Fault fault) {
        return log().stream().filter(l -> l.fault() == fault).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                open.add(client);
                connections.execute(() -> handle(client));
            } catch (final IOException e) {
                return;
            }
        }
    }

    private void handle(final Socket client) {
        try (client) {
            final InputStream in = client.getInputStream();
            final byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            final String headText = new String(head, StandardCharsets.ISO_8859_1);
            final String requestLine = headText.substring(0, headText.indexOf("\r\n"));
            final long length = contentLength(headText);
            final Fault fault = policy.choose(requests.getAndIncrement(), requestLine);
            log.add(new Logged(requestLine, fault));
            switch (fault) {
                case REFUSE -> reset(client);
                case RESET_MID_BODY -> {
                    in.readNBytes((int) Math.min(length / 2, Integer.MAX_VALUE));
                    reset(client);
                }
                case HTTP_500, SLOW_DOWN_503, HTTP_400, STALL -> {
                    in.readNBytes((int) length);
                    if (fault == Fault.STALL) {
                        while (in.read() >= 0) {
                            // hold the connection until the client gives up
                        }
                        return;
                    }
                    answer(client.getOutputStream(), fault);
                }
                default -> forward(client, in, headText, length, fault);
            }
        } catch (final IOException e) {
            // the client or the upstream went away: that is what this proxy is for
        } finally {
            open.remove(client);
        }
    }

    private void forward(final Socket client, final InputStream in, final String head, final long length, final Fault fault)
        throws IOException {
        try (Socket up = new Socket(upstream.getAddress(), upstream.getPort())) {
            final OutputStream upOut = up.getOutputStream();
            upOut.write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
            final byte[] body = in.readNBytes((int) length);
            upOut.write(body);
            upOut.flush();
            final InputStream upIn = up.getInputStream();
            final byte[] responseHead = readHead(upIn);
            if (responseHead == null) {
                reset(client);
                return;
            }
            final byte[] rest = upIn.readAllBytes(); // the upstream closes after one response
            if (fault == Fault.RESET_AFTER_UPSTREAM) {
                reset(client);
                return;
            }
            final OutputStream out = client.getOutputStream();
            final byte[] response = concat(withConnectionClose(new String(responseHead, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1), rest);
            if (fault == Fault.SLOW_RESPONSE) {
                for (int i = 0; i < response.length; i += 64) {
                    out.write(response, i, Math.min(64, response.length - i));
                    out.flush();
                    pause();
                }
            } else {
                out.write(response);
            }
            out.flush();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2); // the proxy plays a slow network; tests never wait on it
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(final OutputStream out, final Fault fault) throws IOException {
        final String status;
        final String body;
        switch (fault) {
            case HTTP_500 -> {
                status = "500 Internal Server Error";
                body = "{\"code\":\"INTERNAL\",\"message\":\"injected\"}";
            }
            case SLOW_DOWN_503 -> {
                status = "503 Slow Down";
                body = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
            }
            default -> {
                status = "400 Bad Request";
                body = "<Error><Code>InvalidArgument</Code><Message>injected permanent failure</Message></Error>";
            }
        }
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** The head without any Connection header, with {@code Connection: close}. */
    private static String withConnectionClose(final String head) {
        final StringBuilder result = new StringBuilder();
        final String[] lines = head.split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (i > 0 && line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                continue;
            }
            result.append(line).append("\r\n");
        }
        return result.append("Connection: close\r\n\r\n").toString();
    }

    private static long contentLength(final String head) {
        for (final String line : head.split("\r\n")) {
            final String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    /** Bytes up to and including the blank line, or null at end of stream. */
    private static byte[] readHead(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            final int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 * 1024) {
                throw new IOException("head too long");
            }
        }
        return head.toByteArray();
    }

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private static void reset(final Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (open) {
            for (final Socket socket : open) {
                socket.close();
            }
        }
        connections.shutdownNow();
    }
}
