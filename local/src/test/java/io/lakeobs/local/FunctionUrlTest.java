package io.lakeobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FunctionUrlTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = EmbeddedStack.builder()
                .tables(prefix -> List.of())
                .notificationPollInterval(Duration.ZERO)
                .ingestHandler(s -> new EchoHandler())
                .start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void roundTripsMethodPathQueryHeadersAndTextBody() throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.ingestUri().resolve("/v1/processes?limit=5&tag=a&tag=b"))
                .header("X-Api-Key", "key-123")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"exe\":\"démo\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("x-echo")).hasValue("yes");
        final JsonNode seen = FunctionUrlEvents.JSON.readTree(response.body());
        assertThat(seen.get("method").asText()).isEqualTo("POST");
        assertThat(seen.get("rawPath").asText()).isEqualTo("/v1/processes");
        assertThat(seen.get("path").asText()).isEqualTo("/v1/processes");
        assertThat(seen.get("rawQueryString").asText()).isEqualTo("limit=5&tag=a&tag=b");
        assertThat(seen.get("query").get("tag").asText()).isEqualTo("a,b");
        assertThat(seen.get("routeKey").asText()).isEqualTo("$default");
        assertThat(seen.get("version").asText()).isEqualTo("2.0");
        assertThat(seen.get("headers").get("x-api-key").asText()).isEqualTo("key-123");
        assertThat(seen.get("headers").has("X-Api-Key")).isFalse();
        assertThat(seen.get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(seen.get("base64").asBoolean()).isFalse();
        assertThat(seen.get("body").asText()).isEqualTo("{\"exe\":\"démo\"}");
    }

    @Test
    void binaryBodiesArriveBase64EncodedAndComeBackDecoded() throws Exception {
        final byte[] bytes = {0, (byte) 0xff, 1, (byte) 0x80, 42};
        final HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(stack.ingestUri().resolve("/binary"))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(response.body()).isEqualTo(bytes);
    }

    @Test
    void aBodyOverTheInvocationLimitIsRefusedBeforeTheFunction() throws Exception {
        final int before = EchoHandler.CALLS.get();
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.ingestUri().resolve("/v1/processes"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[FunctionUrlServer.MAX_REQUEST_BYTES + 1]))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(EchoHandler.CALLS.get()).isEqualTo(before);
    }

    @Test
    void aFailingFunctionIsA502() throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.ingestUri().resolve("/fail")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(502);
    }

    @Test
    void theEventJsonIsWhatTheRuntimeSerializerReads() {
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("text/plain"));
        headers.put("Cookie", List.of("a=1; b=2"));
        headers.put("Accept", List.of("x", "y"));
        final String json = FunctionUrlEvents.toEventJson(new FunctionUrlEvents.HttpRequest("DELETE", "/a%20b", "",
                headers, "hi".getBytes(StandardCharsets.UTF_8), "127.0.0.1"), "127.0.0.1:1", "req-1", Instant.parse("2026-11-21T20:00:00Z"));

        final APIGatewayV2HTTPEvent event = LambdaRuntimeJson.fromJson(APIGatewayV2HTTPEvent.class, json);
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("DELETE");
        assertThat(event.getRawPath()).isEqualTo("/a%20b");
        assertThat(event.getHeaders()).containsEntry("content-type", "text/plain").containsEntry("accept", "x,y")
                .doesNotContainKey("cookie");
        assertThat(event.getCookies()).containsExactly("a=1", "b=2");
        assertThat(event.getBody()).isEqualTo("hi");
        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(event.getRequestContext().getRequestId()).isEqualTo("req-1");
        assertThat(event.getRequestContext().getTimeEpoch()).isEqualTo(Instant.parse("2026-11-21T20:00:00Z").toEpochMilli());
        assertThat(event.getRequestContext().getTime()).isEqualTo("21/Nov/2026:20:00:00 +0000");
    }

    @Test
    void aNonResponseResultBecomesAJsonBody() {
        final FunctionUrlEvents.HttpResponse response = FunctionUrlEvents.fromResponseJson("{\"ok\":true}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(response.headers()).containsEntry("content-type", List.of("application/json"));
    }

    /** Typed like the real ingest handler; echoes what it received. */
    static final class EchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public APIGatewayV2HTTPResponse handleRequest(final APIGatewayV2HTTPEvent event, final Context context) {
            CALLS.incrementAndGet();
            final String path = event.getRawPath();
            if (path.equals("/fail")) {
                throw new IllegalStateException("boom");
            }
            if (path.equals("/binary")) {
                return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                        .withHeaders(Map.of("Content-Type", "application/octet-stream"))
                        .withBody(event.getBody()).withIsBase64Encoded(event.getIsBase64Encoded()).build();
            }
            final ObjectNode seen = FunctionUrlEvents.JSON.createObjectNode();
            seen.put("version", event.getVersion());
            seen.put("routeKey", event.getRouteKey());
            seen.put("method", event.getRequestContext().getHttp().getMethod());
            seen.put("path", event.getRequestContext().getHttp().getPath());
            seen.put("sourceIp", event.getRequestContext().getHttp().getSourceIp());
            seen.put("rawPath", event.getRawPath());
            seen.put("rawQueryString", event.getRawQueryString());
            final ObjectNode query = seen.putObject("query");
            event.getQueryStringParameters().forEach(query::put);
            final ObjectNode headers = seen.putObject("headers");
            event.getHeaders().forEach(headers::put);
            seen.put("base64", event.getIsBase64Encoded());
            seen.put("body", event.getIsBase64Encoded()
                    ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8) : event.getBody());
            return APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                    .withHeaders(Map.of("X-Echo", "yes", "Content-Type", "application/json"))
                    .withBody(seen.toString()).build();
        }
    }
}
