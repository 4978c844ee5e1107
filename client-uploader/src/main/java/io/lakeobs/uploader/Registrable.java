package io.lakeobs.uploader;

import java.util.UUID;

/**
 * Registration state of a process or a stream: metadata, never dropped. Its blocks wait until
 * it is registered, and go with it when the backend refuses it for good.
 */
final class Registrable {
    final UUID id;
    final UUID processId;
    final byte[] json;
    final boolean isProcess;
    final Object request;
    boolean registered;
    boolean inFlight;
    boolean rejected;
    int attempts;
    long notBefore;

    Registrable(final UUID id, final UUID processId, final String json, final boolean isProcess, final Object request) {
        this.id = id;
        this.processId = processId;
        this.json = Spool.json(json);
        this.isProcess = isProcess;
        this.request = request;
    }

    /** Due for a (re)registration that is neither done, running, refused nor backing off. */
    boolean dueAt(final long now) {
        return !registered && !inFlight && !rejected && notBefore <= now;
    }

    /** Waiting for a backoff that ends after {@code now}. */
    boolean backingOffAt(final long now) {
        return !registered && !inFlight && !rejected && notBefore > now;
    }
}
