package io.lakeobs.local.redrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the indexer's failure queue holds: Lambda's asynchronous-invocation records, in the format
 * the Lambda developer guide documents for an {@code OnFailure} destination, with the original S3
 * event as {@code requestPayload}.
 */
class SqsFailureQueueTest {
    private static final String RECORD = """
        {"version": "1.0", "timestamp": "2026-12-07T04:00:00.000Z",
         "requestContext": {"requestId": "e4b46cbf-b738-xmpl-8880-a18cdf61200e",
           "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:lakeobs-indexer:$LATEST",
           "condition": "RetriesExhausted", "approximateInvokeCount": 3},
         "requestPayload": {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
           "s3": {"bucket": {"name": "lakeobs-raw"}, "object": {"key": "blocks/2026-12-07/p/s/b", "size": 10}}}]},
         "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
         "responsePayload": {"errorMessage": "indexing failed for blocks/2026-12-07/p/s/b", "errorType": "java.lang.IllegalStateException"}}
        """;

    @Test
    @SuppressWarnings("unchecked")
    void theOriginalS3EventComesOutOfTheInvocationRecord() throws Exception {
        final Map<String, Object> event = JSON.std.mapFrom(SqsFailureQueue.s3Event("m-1", RECORD));
        final Map<String, Object> record = (Map<String, Object>) ((List<Object>) event.get("Records")).get(0);
        assertThat(record).containsEntry("eventName", "ObjectCreated:Put");
        assertThat(((Map<String, Object>) ((Map<String, Object>) record.get("s3")).get("object")).get("key"))
            .isEqualTo("blocks/2026-12-07/p/s/b");
        assertThat(event).doesNotContainKey("responsePayload");
    }

    @Test
    void aMessageThatIsNotSuchARecordIsRefusedByItsId() {
        assertThatThrownBy(() -> SqsFailureQueue.s3Event("m-2", "not json")).hasMessageContaining("m-2").hasMessageContaining("not JSON");
        assertThatThrownBy(() -> SqsFailureQueue.s3Event("m-3", "{\"requestPayload\": {\"hello\": 1}}"))
            .hasMessageContaining("m-3").hasMessageContaining("requestPayload.Records");
        assertThatThrownBy(() -> SqsFailureQueue.s3Event("m-4", "[1, 2]")).hasMessageContaining("m-4");
    }
}
