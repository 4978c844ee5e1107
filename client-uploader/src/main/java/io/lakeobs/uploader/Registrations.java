package io.lakeobs.uploader;

import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The processes and streams the uploader knows, by id, and how far each registration got.
 * Entries stay for the uploader's lifetime, so when the backend forgets a process or stream it
 * can be registered again from what is kept here. Used by the upload loop's thread only.
 */
final class Registrations {
    private final Map<UUID, Registrable> processes = new HashMap<>();
    private final Map<UUID, Registrable> streams = new HashMap<>();

    /** Entries for the process and stream of a block an earlier run spooled, unless known already. */
    void addRecovered(final Spool.Entry entry) {
        final UUID processId = entry.process().process().processId();
        processes.computeIfAbsent(processId, id -> new Registrable(id, id, IngestJson.toJson(entry.process()), true,
            entry.process()));
        streams.computeIfAbsent(entry.stream().streamId(), id -> new Registrable(id, processId,
            IngestJson.toJson(entry.stream()), false, entry.stream()));
    }

    void processStarted(final RegisterProcessRequest request) {
        final UUID id = request.process().processId();
        processes.put(id, new Registrable(id, id, IngestJson.toJson(request), true, request));
    }

    void streamCreated(final RegisterStreamRequest request) {
        streams.putIfAbsent(request.streamId(), new Registrable(request.streamId(), request.processId(),
            IngestJson.toJson(request), false, request));
    }

    Registrable process(final UUID processId) {
        return processes.get(processId);
    }

    Registrable stream(final UUID streamId) {
        return streams.get(streamId);
    }

    Collection<Registrable> processes() {
        return processes.values();
    }

    /** The backend forgot the process: it and all its streams must be registered again. */
    void forgetProcess(final UUID processId) {
        processes.get(processId).registered = false;
        for (final Registrable stream : streams.values()) {
            if (stream.processId.equals(processId)) {
                stream.registered = false;
            }
        }
    }

    /** The earliest end of a registration backoff after {@code now}, or {@link Long#MAX_VALUE}. */
    long earliestRetry(final long now) {
        long next = Long.MAX_VALUE;
        for (final Map<UUID, Registrable> entries : List.of(processes, streams)) {
            for (final Registrable entry : entries.values()) {
                if (entry.backingOffAt(now)) {
                    next = Math.min(next, entry.notBefore);
                }
            }
        }
        return next;
    }
}
