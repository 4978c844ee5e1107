package io.lakeobs.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Invokes a handler with event JSON, as the Lambda Java runtime does: it finds the input
 * type from the handler's {@code RequestHandler<I, O>} declaration, deserializes the JSON
 * with the runtime's serializers, calls {@code handleRequest} and serializes the result.
 * Stream handlers get the raw bytes. Exceptions from the handler propagate, as an invocation
 * error would.
 */
public final class LambdaInvoker {

    private LambdaInvoker() {
    }

    /** Invokes {@code handler} with {@code eventJson}; returns the response JSON. */
    public static String invoke(final Object handler, final String eventJson, final Context context) {
        if (handler instanceof RequestStreamHandler streamHandler) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                streamHandler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, context);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
        if (handler instanceof RequestHandler<?, ?> requestHandler) {
            return invoke(requestHandler, inputType(handler.getClass()), eventJson, context);
        }
        throw new IllegalArgumentException("not a Lambda handler: " + handler.getClass().getName());
    }

    /** Invokes {@code handler}, reading the event as {@code inputType} (for lambdas, whose type is erased). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static String invoke(final RequestHandler handler, final Class<?> inputType, final String eventJson, final Context context) {
        final Object input = LambdaRuntimeJson.fromJson(inputType, eventJson);
        final Object output = handler.handleRequest(input, context);
        return LambdaRuntimeJson.toJson(output);
    }

    /** The {@code I} of the first {@code RequestHandler<I, O>} in the class hierarchy; Object when erased. */
    static Class<?> inputType(final Class<?> handlerClass) {
        for (Class<?> type = handlerClass; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Type implemented : type.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == RequestHandler.class) {
                    final Type input = parameterized.getActualTypeArguments()[0];
                    if (input instanceof Class<?> inputClass) {
                        return inputClass;
                    }
                    if (input instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
                        return raw;
                    }
                }
            }
        }
        return Object.class;
    }
}
