package io.lakeobs.local.redrive;

import com.fasterxml.jackson.jr.ob.JSON;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The indexer's failure queue on AWS: an SQS queue that Lambda's asynchronous-invocation
 * {@code OnFailure} destination fills with invocation records, each holding the original S3 event
 * as {@code requestPayload}. A message that is not such a record is refused by name and left in
 * the queue.
 */
public final class SqsFailureQueue implements FailureQueue {
    private final SqsClient sqs;
    private final String queueUrl;
    private final int visibilitySeconds;

    public SqsFailureQueue(final SqsClient sqs, final String queueUrl, final int visibilitySeconds) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibilitySeconds = visibilitySeconds;
    }

    @Override
    public List<FailedEvent> receive(final int max) {
        final List<FailedEvent> events = new ArrayList<>();
        for (final Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(Math.min(10, max))
            .visibilityTimeout(visibilitySeconds).waitTimeSeconds(1)).messages()) {
            try {
                events.add(new FailedEvent(message.receiptHandle(), message.messageId(), s3Event(message.messageId(),
                    message.body()), null));
            } catch (final IllegalArgumentException notAnEvent) {
                events.add(new FailedEvent(message.receiptHandle(), message.messageId(), null, notAnEvent.getMessage()));
            }
        }
        return events;
    }

    @Override
    public void delete(final FailedEvent event) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(event.handle()));
    }

    /** The S3 event of a Lambda invocation record (its {@code requestPayload}). */
    static String s3Event(final String messageId, final String body) {
        final Object payload;
        try {
            payload = JSON.std.mapFrom(body).get("requestPayload");
        } catch (final IOException | RuntimeException e) {
            throw new IllegalArgumentException("message " + messageId + " is not JSON: " + e.getMessage());
        }
        if (!(payload instanceof Map<?, ?> event) || !(event.get("Records") instanceof List<?>)) {
            throw new IllegalArgumentException("message " + messageId + " is not a Lambda invocation record whose"
                + " requestPayload is an S3 event (no requestPayload.Records)");
        }
        try {
            return JSON.std.asString(event);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
