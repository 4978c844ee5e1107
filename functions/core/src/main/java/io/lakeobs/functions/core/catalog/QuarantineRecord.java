package io.lakeobs.functions.core.catalog;

/** An object the indexer refused, and why; retention deletes the object later. */
public record QuarantineRecord(String objectKey, String reason, long size, long insertTimeMillis) {
}
