package io.lakeobs.local.redrive;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.util.function.Consumer;

/**
 * The deployed indexer, invoked synchronously with an S3 event: the same code, role and limits
 * as the event's first delivery. An invocation whose function failed throws with its error.
 */
public final class LambdaIndexer implements Consumer<String> {
    private final LambdaClient lambda;
    private final String function;

    public LambdaIndexer(final LambdaClient lambda, final String function) {
        this.lambda = lambda;
        this.function = function;
    }

    @Override
    public void accept(final String eventJson) {
        final InvokeResponse response = lambda.invoke(b -> b.functionName(function).invocationType(InvocationType.REQUEST_RESPONSE)
            .payload(SdkBytes.fromUtf8String(eventJson)));
        if (response.functionError() != null) {
            throw new IllegalStateException(function + " failed (" + response.functionError() + "): "
                + response.payload().asUtf8String());
        }
    }
}
