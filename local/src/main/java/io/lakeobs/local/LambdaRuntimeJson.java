package io.lakeobs.local;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes handler inputs and outputs the way the Lambda Java runtime does: the
 * event classes of {@code aws-lambda-java-events} through {@link LambdaEventSerializers}
 * (with their mixins, joda-time dates and odd field names), anything else through the
 * runtime's shaded Jackson. So a handler run locally sees exactly the objects it would see
 * on AWS, including fields that plain Jackson would map differently.
 */
public final class LambdaRuntimeJson {

    private LambdaRuntimeJson() {
    }

    /** Deserializes {@code json} into {@code type} as the runtime would before calling a handler. */
    public static <T> T fromJson(final Class<T> type, final String json) {
        return serializerFor(type).fromJson(json);
    }

    /** Serializes a handler's return value as the runtime would before returning it to the caller. */
    @SuppressWarnings("unchecked")
    public static String toJson(final Object value) {
        if (value == null) {
            return "null";
        }
        final PojoSerializer<Object> serializer = (PojoSerializer<Object>) serializerFor(value.getClass());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static <T> PojoSerializer<T> serializerFor(final Class<T> type) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                || type.getName().startsWith("com.amazonaws.services.lambda.runtime.events.")) {
            return LambdaEventSerializers.serializerFor(type, LambdaRuntimeJson.class.getClassLoader());
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }
}
