package io.lakeobs.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.lakeobs.functions.ingest.api.FunctionUrls;
import io.lakeobs.functions.ingest.api.IngestApi;

/** The ingest API behind a Lambda function URL: converts the event, delegates to {@link IngestApi}. */
public final class IngestApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final IngestApi api;

    /** Used by Lambda: collaborators built once per instance (and snapshotted by SnapStart). */
    public IngestApiHandler() {
        this(IngestWiring.fromEnv(System.getenv()).ingestApi());
    }

    public IngestApiHandler(final IngestApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(final APIGatewayV2HTTPEvent event, final Context context) {
        return FunctionUrls.toEvent(api.handle(FunctionUrls.toRequest(event)));
    }
}
