package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeobs.local.server.ServerFile;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The other commands' side of the control endpoint of {@code lakeobs up}: finds the server through
 * {@code server.json} in the data directory, sends one request, and turns its answer into JSON or
 * a {@link CliException} with the exit status the answer calls for.
 */
final class ControlClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ServerFile server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ControlClient(final ServerFile server) {
        this.server = server;
    }

    /** The client of the server running for {@code dataDirectory}; a {@link ExitCodes#NO_SERVER} failure if none does. */
    static ControlClient connect(final Path dataDirectory) {
        try {
            return new ControlClient(ServerFile.read(dataDirectory).orElseThrow(() -> new CliException(ExitCodes.NO_SERVER,
                "no lakeobs server is running for " + dataDirectory + ": start one with 'lakeobs up' (or pass its --data-dir)")));
        } catch (final IOException e) {
            throw new CliException(ExitCodes.NO_SERVER, e.getMessage());
        }
    }

    ServerFile server() {
        return server;
    }

    JsonNode get(final String request, final Map<String, Object> parameters) {
        return readTree(send(request, parameters, HttpRequest.BodyPublishers.noBody(), "GET"));
    }

    JsonNode post(final String request, final Map<String, Object> parameters, final String body) {
        return readTree(send(request, parameters, HttpRequest.BodyPublishers.ofString(body), "POST"));
    }

    /** The response of a request whose body is not JSON to read (trace files), with its headers. */
    HttpResponse<byte[]> raw(final String request, final Map<String, Object> parameters) {
        return exchange(request, parameters, HttpRequest.BodyPublishers.noBody(), "GET");
    }

    private byte[] send(final String request, final Map<String, Object> parameters, final HttpRequest.BodyPublisher body,
                        final String method) {
        return exchange(request, parameters, body, method).body();
    }

    private HttpResponse<byte[]> exchange(final String request, final Map<String, Object> parameters,
                                          final HttpRequest.BodyPublisher body, final String method) {
        final StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        new TreeMap<>(parameters).forEach((name, value) -> {
            if (value != null) {
                query.add(name + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            }
        });
        final HttpRequest http = HttpRequest.newBuilder(server.control().resolve("/v1/" + request + query))
            .header("Authorization", "Bearer " + server.token()).method(method, body).build();
        final HttpResponse<byte[]> response;
        try {
            response = this.http.send(http, HttpResponse.BodyHandlers.ofByteArray());
        } catch (final ConnectException e) {
            throw new CliException(ExitCodes.NO_SERVER, "no lakeobs server answers at " + server.control()
                + " (server.json is left from one that stopped): start one with 'lakeobs up'");
        } catch (final IOException e) {
            throw new CliException(ExitCodes.FAILED, "the lakeobs server at " + server.control() + " failed: " + e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
        if (response.statusCode() != 200) {
            final String error = readTree(response.body()).path("error").asText(new String(response.body(), StandardCharsets.UTF_8));
            throw new CliException(switch (response.statusCode()) {
                case 400 -> ExitCodes.USAGE;
                case 404 -> ExitCodes.NOT_FOUND;
                default -> ExitCodes.FAILED;
            }, response.statusCode() == 422 ? "query failed: " + error : error);
        }
        return response;
    }

    static JsonNode readTree(final byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (final IOException e) {
            return JSON.createObjectNode().put("error", new String(body, StandardCharsets.UTF_8));
        }
    }

    static String toJson(final Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
