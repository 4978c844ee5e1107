package io.lakeobs.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The S3 event notification JSON (event version 2.1) that S3 sends to a Lambda function for
 * one {@code ObjectCreated:Put}: one record per event, the key URL-encoded as S3 does it
 * (spaces as {@code +}, slashes kept), the ETag without quotes, and a sequencer that orders
 * events for the same key.
 */
public final class S3EventJson {

    private S3EventJson() {
    }

    /** One created object, as the notification describes it. */
    public record ObjectCreated(String bucket, String key, long size, String eTag, String sequencer, Instant eventTime) {
    }

    /** The notification event for {@code object}, as S3 would deliver it to a function in {@code region}. */
    public static String objectCreatedPut(final String region, final ObjectCreated object) {
        final ObjectNode event = FunctionUrlEvents.JSON.createObjectNode();
        final ObjectNode record = event.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", object.eventTime().truncatedTo(ChronoUnit.MILLIS).toString());
        record.put("eventName", "ObjectCreated:Put");
        record.putObject("userIdentity").put("principalId", "AWS:LAKEOBSLOCAL");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        final ObjectNode response = record.putObject("responseElements");
        response.put("x-amz-request-id", UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase());
        response.put("x-amz-id-2", UUID.randomUUID().toString());
        final ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "lakeobs-local-notification");
        final ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", object.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "LAKEOBSLOCAL");
        bucket.put("arn", "arn:aws:s3:::" + object.bucket());
        final ObjectNode created = s3.putObject("object");
        created.put("key", encodeKey(object.key()));
        created.put("size", object.size());
        created.put("eTag", unquote(object.eTag()));
        created.put("sequencer", object.sequencer());
        return event.toString();
    }

    /** A key as S3 writes it into notifications: form-URL-encoded, with {@code /} left as is. */
    public static String encodeKey(final String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    static String unquote(final String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }
}
