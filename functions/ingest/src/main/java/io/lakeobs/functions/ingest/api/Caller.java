package io.lakeobs.functions.ingest.api;

/** An authenticated API key: the owner of every process it registers. */
public record Caller(String keyId) {
}
