package io.lakeobs.protocol;

/** Body of POST {@link IngestPaths#PROCESSES}. Sending the same body again is a no-op. */
public record RegisterProcessRequest(ProcessInfo process) {
}
