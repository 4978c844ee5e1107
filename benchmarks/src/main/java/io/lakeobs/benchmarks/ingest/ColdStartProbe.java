package io.lakeobs.benchmarks.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.lakeobs.functions.ingest.IngestApiHandler;

import java.util.Map;

/**
 * Runs in a fresh JVM whose class path is only the Lambda jar and this class: builds the handler
 * as Lambda does (no-arg constructor, configuration from the environment), handles one presign
 * request, prints the status and its own timings. Arguments: API key, body.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(final String[] args) {
        final long start = System.nanoTime();
        final IngestApiHandler handler = new IngestApiHandler();
        final long built = System.nanoTime();
        final APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/v1/blocks/presign");
        event.setHeaders(Map.of("x-api-key", args[0], "content-type", "application/json"));
        event.setBody(args[1]);
        event.setIsBase64Encoded(false);
        final APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        final APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("POST");
        context.setHttp(http);
        event.setRequestContext(context);
        final APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        final long answered = System.nanoTime();
        System.out.println("RESPONSE " + response.getStatusCode() + " init_ms=" + (built - start) / 1_000_000
            + " first_request_ms=" + (answered - built) / 1_000_000);
        System.out.flush();
    }
}
