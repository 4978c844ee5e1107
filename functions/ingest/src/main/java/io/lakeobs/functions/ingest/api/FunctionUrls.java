package io.lakeobs.functions.ingest.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Converts between the Lambda function URL event and {@link ApiRequest}/{@link ApiResponse}. */
public final class FunctionUrls {
    private FunctionUrls() {
    }

    public static ApiRequest toRequest(final APIGatewayV2HTTPEvent event) {
        final APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        final String method = context == null || context.getHttp() == null ? null : context.getHttp().getMethod();
        final String body = event.getBody();
        final byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (event.getIsBase64Encoded()) {
            bytes = decodeBase64(body);
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        return new ApiRequest(method, event.getRawPath(), event.getHeaders(), bytes);
    }

    public static APIGatewayV2HTTPResponse toEvent(final ApiResponse response) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status()).withHeaders(response.headers())
            .withBody(response.body()).withIsBase64Encoded(false).build();
    }

    private static byte[] decodeBase64(final String body) {
        try {
            return Base64.getDecoder().decode(body);
        } catch (final IllegalArgumentException e) {
            return new byte[0]; // Lambda always sends valid base64; an empty body is then reported as malformed
        }
    }
}
