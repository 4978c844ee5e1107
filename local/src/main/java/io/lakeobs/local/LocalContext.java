package io.lakeobs.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The {@link Context} a locally invoked handler receives: a fresh request id per invocation,
 * the function's name and memory, and a logger that writes to standard error. The remaining
 * time is fixed at the configured timeout because nothing enforces it locally.
 */
public final class LocalContext implements Context {

    private static final String ACCOUNT = "000000000000";

    private final String functionName;
    private final String requestId = UUID.randomUUID().toString();
    private final int timeoutMillis;
    private final int memoryMegabytes;

    public LocalContext(final String functionName, final int timeoutMillis, final int memoryMegabytes) {
        this.functionName = functionName;
        this.timeoutMillis = timeoutMillis;
        this.memoryMegabytes = memoryMegabytes;
    }

    /** A context for {@code functionName} with a 15-minute timeout and 1024 MB. */
    public static LocalContext forFunction(final String functionName) {
        return new LocalContext(functionName, 900_000, 1024);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + EmbeddedStack.REGION + ":" + ACCOUNT + ":function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return timeoutMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMegabytes;
    }

    @Override
    public LambdaLogger getLogger() {
        return StderrLogger.INSTANCE;
    }

    private enum StderrLogger implements LambdaLogger {
        INSTANCE;

        @Override
        public void log(final String message) {
            System.err.print(message);
        }

        @Override
        public void log(final byte[] message) {
            System.err.print(new String(message, StandardCharsets.UTF_8));
        }
    }
}
