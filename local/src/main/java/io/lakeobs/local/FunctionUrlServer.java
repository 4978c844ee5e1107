package io.lakeobs.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A Lambda function URL on 127.0.0.1: each HTTP request becomes the payload-format-2.0
 * event JSON, goes to the function (event JSON in, response JSON out), and the response
 * JSON is turned back into HTTP as the function URL service does. A function that throws
 * yields 502, as on AWS.
 */
public final class FunctionUrlServer implements AutoCloseable {

    private static final byte[] INTERNAL_ERROR = "{\"Message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOO_LARGE = "{\"Message\":\"Request must be smaller than 6291456 bytes\"}".getBytes(StandardCharsets.UTF_8);
    /** Lambda's synchronous invocation payload limit, which a function URL enforces before invoking. */
    static final int MAX_REQUEST_BYTES = 6 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final UnaryOperator<String> function;

    private FunctionUrlServer(final HttpServer server, final ExecutorService executor, final UnaryOperator<String> function) {
        this.server = server;
        this.executor = executor;
        this.function = function;
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port that passes each request to {@code function}. */
    public static FunctionUrlServer start(final UnaryOperator<String> function, final int threads) throws IOException {
        return start(function, threads, 0);
    }

    /** Starts a server on 127.0.0.1 and {@code port} (0: an ephemeral one) that passes each request to {@code function}. */
    public static FunctionUrlServer start(final UnaryOperator<String> function, final int threads, final int port)
        throws IOException {
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        final AtomicInteger count = new AtomicInteger();
        final ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            final Thread thread = new Thread(runnable, "lakeobs-function-url-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        final FunctionUrlServer functionUrl = new FunctionUrlServer(server, executor, function);
        server.createContext("/", functionUrl::handle);
        server.setExecutor(executor);
        server.start();
        return functionUrl;
    }

    /** The base URI, e.g. {@code http://127.0.0.1:41234/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_REQUEST_BYTES + 1);
                if (body.length > MAX_REQUEST_BYTES) {
                    in.transferTo(OutputStream.nullOutputStream());
                    exchange.getResponseHeaders().put("content-type", List.of("application/json"));
                    exchange.sendResponseHeaders(413, TOO_LARGE.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(TOO_LARGE);
                    }
                    return;
                }
            }
            final FunctionUrlEvents.HttpRequest request = new FunctionUrlEvents.HttpRequest(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(),
                    body,
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            final String eventJson = FunctionUrlEvents.toEventJson(request,
                    "127.0.0.1:" + server.getAddress().getPort(), UUID.randomUUID().toString(), Instant.now());
            FunctionUrlEvents.HttpResponse response;
            try {
                response = FunctionUrlEvents.fromResponseJson(function.apply(eventJson));
            } catch (RuntimeException | Error e) {
                System.err.println("lakeobs local: function URL handler failed: " + e);
                response = new FunctionUrlEvents.HttpResponse(502, Map.of("content-type", List.of("application/json")), INTERNAL_ERROR);
            }
            response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            final boolean noBody = response.body().length == 0 || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
