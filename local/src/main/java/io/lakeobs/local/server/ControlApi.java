package io.lakeobs.local.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lakeobs.transit.telemetry.Level;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;

/**
 * The control and query endpoint of {@code lakeobs up} on 127.0.0.1: the other commands' requests,
 * answered by {@link Operations} as JSON ({@code {"error": ...}} with 400 for bad input, 404 for an
 * unknown process or metric, 409 for a query before any view exists, 422 for SQL the engine
 * refuses, 500 otherwise). DynamoDB Local runs
 * inside the server's JVM, so this is the only way in while it runs. Every request carries the
 * bearer token of {@link ServerFile}; requests run one at a time, under the lock the scheduled
 * functions also take (the views runtime is not shared between threads).
 */
final class ControlApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Operations operations;
    private final Lock lock;
    private final byte[] token;

    private ControlApi(final HttpServer server, final ExecutorService executor, final Operations operations, final Lock lock,
                       final String token) {
        this.server = server;
        this.executor = executor;
        this.operations = operations;
        this.lock = lock;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    static ControlApi start(final Operations operations, final Lock lock, final String token, final int port) throws IOException {
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "lakeobs-control");
            thread.setDaemon(true);
            return thread;
        });
        final ControlApi api = new ControlApi(server, executor, operations, lock, token);
        server.createContext("/v1/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !MessageDigest.isEqual(token, authorization.getBytes(StandardCharsets.UTF_8))) {
                send(exchange, 401, Map.of("error", "missing or wrong control token (see server.json)"));
                return;
            }
            final Map<String, String> q = query(exchange.getRequestURI());
            final byte[] body = exchange.getRequestBody().readAllBytes();
            lock.lock();
            try {
                route(exchange, exchange.getRequestURI().getPath().substring("/v1/".length()), q, body);
            } catch (final IllegalArgumentException e) {
                send(exchange, 400, Map.of("error", e.getMessage()));
            } catch (final Operations.NotFoundException e) {
                send(exchange, 404, Map.of("error", e.getMessage()));
            } catch (final SQLException e) {
                send(exchange, 422, Map.of("error", e.getMessage()));
            } catch (final IllegalStateException e) {
                send(exchange, 409, Map.of("error", e.getMessage()));
            } catch (final RuntimeException | IOException e) {
                send(exchange, 500, Map.of("error", e.toString()));
            } finally {
                lock.unlock();
            }
        }
    }

    private void route(final HttpExchange exchange, final String path, final Map<String, String> q, final byte[] body)
        throws IOException, SQLException {
        switch (path) {
            case "status" -> send(exchange, 200, Map.of("status", "up"));
            case "processes" -> send(exchange, 200, operations.processes(number(q, "days", 7)));
            case "logs" -> send(exchange, 200, operations.logs(q.get("process"), range(q), level(q.getOrDefault("level", "trace")),
                q.get("grep"), number(q, "limit", 200), "first".equals(q.get("order"))));
            case "metrics" -> send(exchange, 200, operations.metrics(q.get("process"), q.get("name"), range(q)));
            case "trace" -> {
                final Operations.Trace trace = operations.trace(q.get("process"), range(q));
                exchange.getResponseHeaders().add("Lakeobs-Counts", trace.spans() + " " + trace.asyncEvents() + " " + trace.logs());
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, trace.json().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(trace.json());
                }
            }
            case "etl" -> send(exchange, 200, operations.etl(q.get("process"), range(q)));
            case "backfill" -> send(exchange, 200, operations.backfill(number(q, "from_ms", -1L), number(q, "to_ms", -1L)));
            case "query" -> send(exchange, 200, operations.query(new String(body, StandardCharsets.UTF_8), (int) number(q, "days", 7),
                (int) number(q, "limit", 1000)));
            case "keys" -> send(exchange, 200, operations.keys(Arrays.asList(JSON.readValue(body, String[].class))));
            default -> send(exchange, 404, Map.of("error", "no such control request: " + path));
        }
    }

    private static Operations.Range range(final Map<String, String> q) {
        return new Operations.Range(number(q, "from_ns", 0L), number(q, "to_ns", 0L));
    }

    static Level level(final String name) {
        try {
            return Level.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown level '" + name + "': one of " + Arrays.toString(Level.values()));
        }
    }

    private static int number(final Map<String, String> q, final String name, final int otherwise) {
        return (int) number(q, name, (long) otherwise);
    }

    private static long number(final Map<String, String> q, final String name, final long otherwise) {
        final String text = q.get(name);
        try {
            return text == null ? otherwise : Long.parseLong(text);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: '" + text + "'");
        }
    }

    private static Map<String, String> query(final URI uri) {
        final Map<String, String> parameters = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (final String pair : uri.getRawQuery().split("&")) {
                final int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    private static void send(final HttpExchange exchange, final int status, final Object value) throws IOException {
        final byte[] bytes = JSON.writeValueAsBytes(value);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
