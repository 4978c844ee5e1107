package io.lakeobs.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * AWS's sample event JSON (under src/test/resources/events/) with our values filled in,
 * deserialized the way the Lambda Java runtime does it.
 */
public final class LambdaEvents {
    private LambdaEvents() {
    }

    public static APIGatewayV2HTTPEvent functionUrl(final String method, final String path, final String apiKey,
                                                    final String body) {
        final String json = template("function-url-request.json")
            .replace("${METHOD}", method).replace("${PATH}", path)
            .replace("${API_KEY}", apiKey == null ? "" : escape(apiKey))
            .replace("${BODY}", escape(body)).replace("${BASE64}", "false");
        final String withoutKey = apiKey == null ? json.replace("\"x-api-key\": \"\",", "") : json;
        return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, LambdaEvents.class.getClassLoader())
            .fromJson(withoutKey);
    }

    /** One event holding one record per key, in the order given. */
    public static S3Event objectCreated(final String bucket, final List<String> keys, final long size) {
        return objectCreatedEncoded(bucket, keys.stream()
            .map(key -> URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/")).toList(), size);
    }

    /** As {@link #objectCreated}, with the keys as the event spells them (URL-encoded by the caller, or not). */
    public static S3Event objectCreatedEncoded(final String bucket, final List<String> encodedKeys, final long size) {
        final List<S3EventNotification.S3EventNotificationRecord> records = new ArrayList<>();
        for (final String key : encodedKeys) {
            final String json = template("s3-object-created.json").replace("${BUCKET}", bucket)
                .replace("${KEY}", key)
                .replace("${SIZE}", Long.toString(size));
            records.addAll(LambdaEventSerializers.serializerFor(S3Event.class, LambdaEvents.class.getClassLoader())
                .fromJson(json).getRecords());
        }
        return new S3Event(records);
    }

    private static String template(final String name) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(final String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
