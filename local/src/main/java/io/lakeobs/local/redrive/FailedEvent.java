package io.lakeobs.local.redrive;

/**
 * One S3 event the indexer gave up on.
 *
 * @param handle what the queue needs to delete it (an SQS receipt handle)
 * @param id a name for reports (the SQS message id)
 * @param eventJson the original S3 event, as the indexer takes it; null if the message holds none
 * @param problem why the message holds no event (left in the queue, reported); null for an event
 */
public record FailedEvent(String handle, String id, String eventJson, String problem) {
}
