package io.lakeobs.functions.lifecycle.sampling;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Materializes a kept window by an asynchronous invocation of the on-demand ETL function (Lambda
 * queues the event and retries it itself), with the same request a person would send it.
 */
public final class LambdaMaterializer implements Materializer {
    private final LambdaClient lambda;
    private final String functionName;

    public LambdaMaterializer(final LambdaClient lambda, final String functionName) {
        this.lambda = lambda;
        this.functionName = functionName;
    }

    @Override
    public void materialize(final UUID processId, final long fromMillis, final long toMillis) {
        lambda.invoke(b -> b.functionName(functionName).invocationType(InvocationType.EVENT)
            .payload(SdkBytes.fromString(request(processId, fromMillis, toMillis), StandardCharsets.UTF_8)));
    }

    /** The on-demand ETL's request (see OnDemandEtlHandler): process id and an event-time range in epoch ms. */
    public static String request(final UUID processId, final long fromMillis, final long toMillis) {
        return "{\"process_id\": \"" + processId + "\", \"from\": " + fromMillis + ", \"to\": " + toMillis + "}";
    }
}
