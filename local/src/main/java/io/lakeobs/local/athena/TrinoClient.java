package io.lakeobs.local.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Trino's client protocol (POST {@code /v1/statement}, then follow {@code nextUri}), enough to
 * run one statement and collect its typed result, without a driver on the classpath.
 */
public final class TrinoClient {
    /** A result: column names, Trino type names, and rows as the protocol's JSON values. */
    public record Result(List<String> names, List<String> types, List<List<JsonNode>> rows) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI server;
    private final String catalog;
    private final String schema;

    public TrinoClient(final URI server, final String catalog, final String schema) {
        this.server = server;
        this.catalog = catalog;
        this.schema = schema;
    }

    /**
     * Whether the server answers, has finished starting and lists an active node: right after
     * starting, queries can still fail with "No nodes available to run query" until the node
     * manager has seen its own node.
     */
    public boolean ready() {
        try {
            final HttpResponse<String> info = http.send(HttpRequest.newBuilder(server.resolve("/v1/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            if (info.statusCode() != 200 || JSON.readTree(info.body()).path("starting").asBoolean(true)) {
                return false;
            }
            return execute("SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'").rows().get(0).get(0).asLong() > 0;
        } catch (final IllegalStateException e) {
            return false;
        } catch (final IOException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server's version, which its file metastore requires of every metadata file. */
    public String version() throws IOException, InterruptedException {
        final JsonNode info = send(HttpRequest.newBuilder(server.resolve("/v1/info")).GET().build());
        return info.path("nodeVersion").path("version").asText();
    }

    /** Runs {@code sql}; a failed query throws with Trino's message. */
    public Result execute(final String sql) throws IOException, InterruptedException {
        JsonNode page = send(HttpRequest.newBuilder(server.resolve("/v1/statement"))
            .header("X-Trino-User", "lakeobs").header("X-Trino-Catalog", catalog).header("X-Trino-Schema", schema)
            .header("X-Trino-Time-Zone", "UTC").POST(HttpRequest.BodyPublishers.ofString(sql)).build());
        final List<String> names = new ArrayList<>();
        final List<String> types = new ArrayList<>();
        final List<List<JsonNode>> rows = new ArrayList<>();
        while (true) {
            if (page.has("error")) {
                throw new IllegalStateException("Trino: " + page.path("error").path("message").asText() + "\n  in: " + sql);
            }
            if (names.isEmpty() && page.has("columns")) {
                for (final JsonNode column : page.path("columns")) {
                    names.add(column.path("name").asText());
                    types.add(column.path("type").asText());
                }
            }
            for (final JsonNode row : page.path("data")) {
                final List<JsonNode> values = new ArrayList<>();
                row.forEach(values::add);
                rows.add(values);
            }
            if (!page.hasNonNull("nextUri")) {
                return new Result(names, types, rows);
            }
            page = send(HttpRequest.newBuilder(URI.create(page.path("nextUri").asText()))
                .header("X-Trino-User", "lakeobs").GET().build());
        }
    }

    private JsonNode send(final HttpRequest request) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Trino answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
