package io.lakeobs.uploader;

import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.PresignRequest;
import io.lakeobs.protocol.PresignedUpload;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The uploader's HTTP: the three ingest API calls (JSON, with the API key) and the PUT of a
 * block to its presigned URL, all asynchronous over one {@code java.net.http} client. Every
 * call completes normally with an {@link Reply}: a status and body, or the transport failure.
 */
final class IngestClient implements AutoCloseable {
    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /** What came back: a response, or a failure to get one ({@code status} 0). */
    record Reply(int status, byte[] body, Map<String, java.util.List<String>> headers, Throwable failure) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String header(final String name) {
            final java.util.List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String bodyText() {
            return body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final UploaderConfig config;
    private final ExecutorService executor;
    private final HttpClient http;

    IngestClient(final UploaderConfig config) {
        this.config = config;
        final AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            final Thread thread = new Thread(runnable, "lakeobs-uploader-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
    }

    CompletableFuture<Reply> registerProcess(final RegisterProcessRequest request) {
        return post(IngestPaths.PROCESSES, IngestJson.toJson(request));
    }

    CompletableFuture<Reply> registerStream(final RegisterStreamRequest request) {
        return post(IngestPaths.STREAMS, IngestJson.toJson(request));
    }

    CompletableFuture<Reply> presign(final PresignRequest request) {
        return post(IngestPaths.BLOCKS_PRESIGN, IngestJson.toJson(request));
    }

    /** PUTs the block with exactly the headers the presign response gave (the client sets host and length). */
    CompletableFuture<Reply> put(final PresignedUpload upload, final byte[] block) {
        final HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(upload.url())).timeout(config.requestTimeout())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(block));
            upload.headers().forEach((name, value) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    request.header(name, value);
                }
            });
        } catch (final IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Reply(0, null, Map.of(), e));
        }
        return send(request.build());
    }

    private CompletableFuture<Reply> post(final String path, final String json) {
        final URI uri = config.endpoint().resolve(path);
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
            .header("content-type", IngestPaths.CONTENT_TYPE_JSON)
            .header(IngestPaths.API_KEY_HEADER, config.apiKey().value())
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
        return send(request);
    }

    private CompletableFuture<Reply> send(final HttpRequest request) {
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> failure != null
                    ? new Reply(0, null, Map.of(), failure)
                    : new Reply(response.statusCode(), response.body(), response.headers().map(), null));
        } catch (final RuntimeException e) {
            return CompletableFuture.completedFuture(new Reply(0, null, Map.of(), e));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
