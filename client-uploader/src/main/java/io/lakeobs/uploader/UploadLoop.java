package io.lakeobs.uploader;

import io.lakeobs.protocol.BlockUpload;
import io.lakeobs.protocol.ErrorCode;
import io.lakeobs.protocol.ErrorResponse;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestLimits;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.PresignRequest;
import io.lakeobs.protocol.PresignResponse;
import io.lakeobs.protocol.PresignedUpload;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.tracing.sink.EncodedBlock;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The uploader's state machine, run by one thread (the background thread, or the caller in
 * manual mode): everything below {@link #events} is touched by that thread only. Sink calls and
 * HTTP completions arrive as events; each {@link #step} applies them, then starts as much work
 * as the permits allow, in order: process registrations, stream registrations (just before a
 * stream's first block), presign batches, PUTs, recovered blocks first, then by priority, then
 * oldest first.
 */
final class UploadLoop {
    private static final System.Logger LOG = System.getLogger(Uploader.class.getName());

    record ProcessStarted(RegisterProcessRequest request) {
    }

    record StreamCreated(RegisterStreamRequest request) {
    }

    record BlockArrived(EncodedBlock block) {
    }

    record FlushMarker(CountDownLatch done) {
    }

    record Completion(Runnable apply) {
    }

    /** Registration state of a process or a stream: metadata, never dropped. */
    static final class Registrable {
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
    }

    final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    /** Bytes handed over by the sink and not yet taken by the loop: bounds the hand-over queue. */
    final AtomicLong queuedBytes = new AtomicLong();
    final Counters counters = new Counters();

    private final UploaderConfig config;
    private final IngestClient client;
    private final Spool spool;
    private final Backoff backoff;
    private final DropMetrics dropMetrics = new DropMetrics();
    private final Map<UUID, Registrable> processes = new HashMap<>();
    private final Map<UUID, Registrable> streams = new HashMap<>();
    private final TreeSet<PendingBlock> pending = new TreeSet<>(PendingBlock::compare);
    private final Map<UUID, PendingBlock> byId = new HashMap<>();
    private final long[] memoryBytes = new long[3];
    private final Set<String> loggedOnce = new HashSet<>();
    private long spoolBytes;
    private long sequence;
    private int inFlight;

    UploadLoop(final UploaderConfig config, final IngestClient client, final Spool spool) {
        this.config = config;
        this.client = client;
        this.spool = spool;
        this.backoff = new Backoff(config.backoffBase(), config.backoffCap(), config.random());
    }

    /** Loads what earlier runs spooled; those blocks are sent before any new one. */
    void recover() throws IOException {
        if (spool == null) {
            return;
        }
        final long[] corrupt = new long[1];
        for (final Spool.Entry entry : spool.recover(corrupt)) {
            final UUID processId = entry.process().process().processId();
            processes.computeIfAbsent(processId, id -> new Registrable(id, id, IngestJson.toJson(entry.process()), true,
                entry.process()));
            streams.computeIfAbsent(entry.stream().streamId(), id -> new Registrable(id, processId,
                IngestJson.toJson(entry.stream()), false, entry.stream()));
            final PendingBlock block = new PendingBlock(processId, entry.stream().streamId(), entry.blockId(),
                Math.max(0, Math.min(2, entry.priority())), entry.sequence(), entry.blockLength(), entry.eventCount(), true);
            block.spoolFile = entry.file();
            spoolBytes += entry.fileLength();
            add(block);
            sequence = Math.max(sequence, entry.sequence() + 1);
            counters.recovered.incrementAndGet();
        }
        counters.corrupt.addAndGet(corrupt[0]);
    }

    // ---- driving

    /** Applies queued events (without waiting), then starts work; returns requests started. */
    int step() {
        Object event;
        while ((event = events.poll()) != null) {
            apply(event);
        }
        reportQueueDrops();
        return startWork(config.clock().millis());
    }

    /** Waits up to {@code millis} for the next event and applies it; false on timeout. */
    boolean await(final long millis) throws InterruptedException {
        final Object event = events.poll(millis, TimeUnit.MILLISECONDS);
        if (event == null) {
            return false;
        }
        apply(event);
        return true;
    }

    int inFlight() {
        return inFlight;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * Millis until the earliest backoff that has not ended yet ends (or {@code fallback}). Work
     * that is due already but was not started waits for a reply, which arrives as an event.
     */
    long millisToNextRetry(final long fallback) {
        final long now = config.clock().millis();
        long next = Long.MAX_VALUE;
        for (final PendingBlock block : pending) {
            if (block.state == PendingBlock.State.WAITING && block.notBefore > now) {
                next = Math.min(next, block.notBefore);
            }
        }
        for (final Map<UUID, Registrable> entries : List.of(processes, streams)) {
            for (final Registrable entry : entries.values()) {
                if (!entry.registered && !entry.inFlight && !entry.rejected && entry.notBefore > now) {
                    next = Math.min(next, entry.notBefore);
                }
            }
        }
        return next == Long.MAX_VALUE ? fallback : Math.max(1, Math.min(fallback, next - now));
    }

    /** At shutdown: what is still pending stays in the spool, or, without one, is lost and counted. */
    void abandonPending() {
        for (final PendingBlock block : new ArrayList<>(pending)) {
            if (block.spoolFile == null) {
                drop(block, "shutdown");
            }
        }
        Object event;
        while ((event = events.poll()) != null) {
            if (event instanceof BlockArrived arrived) {
                queuedBytes.addAndGet(-arrived.block().bytes().length);
                counters.dropped(arrived.block().kind().priority(), arrived.block().header().objectCount());
            } else if (event instanceof FlushMarker marker) {
                marker.done().countDown();
            }
        }
    }

    // ---- events

    private void apply(final Object event) {
        if (event instanceof Completion completion) {
            inFlight--;
            completion.apply().run();
        } else if (event instanceof BlockArrived arrived) {
            queuedBytes.addAndGet(-arrived.block().bytes().length);
            accept(arrived.block());
        } else if (event instanceof ProcessStarted started) {
            final RegisterProcessRequest request = started.request();
            final UUID id = request.process().processId();
            processes.put(id, new Registrable(id, id, IngestJson.toJson(request), true, request));
        } else if (event instanceof StreamCreated created) {
            final RegisterStreamRequest request = created.request();
            streams.putIfAbsent(request.streamId(), new Registrable(request.streamId(), request.processId(),
                IngestJson.toJson(request), false, request));
        } else if (event instanceof FlushMarker marker) {
            marker.done().countDown();
        }
    }

    private void accept(final EncodedBlock encoded) {
        final int priority = encoded.kind().priority();
        final int eventCount = encoded.header().objectCount();
        final Registrable stream = streams.get(encoded.streamId());
        final Registrable process = processes.get(encoded.processId());
        if (stream == null || process == null) {
            logOnce("no-metadata", "a block arrived before its process or stream metadata; dropped (a tracing bug)");
            counters.dropped(priority, eventCount);
            dropMetrics.record(encoded.kind().tag(), "no-metadata", eventCount);
            return;
        }
        if (process.rejected || stream.rejected) {
            counters.dropped(priority, eventCount); // the backend refused its metadata for good (logged once)
            dropMetrics.record(encoded.kind().tag(), "rejected", eventCount);
            return;
        }
        final PendingBlock block = new PendingBlock(encoded.processId(), encoded.streamId(), encoded.blockId(), priority,
            sequence++, encoded.bytes().length, eventCount, false);
        block.bytes = encoded.bytes();
        if (spool != null) {
            try {
                block.spoolFile = spool.write(priority, block.sequence, process.json, stream.json, block.blockId,
                    block.bytes, eventCount);
                spoolBytes += SpoolFileDescriptor.fileLength(process.json.length, stream.json.length, block.length);
                counters.spooled.incrementAndGet();
            } catch (final IOException e) {
                logOnce("spool-write", "cannot write to the spool " + spool.directory() + ": " + e
                    + "; keeping blocks in memory only");
            }
        }
        memoryBytes[priority] += block.length;
        add(block);
        enforceBudget(priority);
        enforceSpoolCap();
    }

    private void add(final PendingBlock block) {
        pending.add(block);
        byId.put(block.blockId, block);
    }

    /** Over its budget, a priority first evicts memory copies that are safe in the spool, then drops its oldest blocks. */
    private void enforceBudget(final int priority) {
        final Iterator<PendingBlock> oldestFirst = pending.iterator();
        while (memoryBytes[priority] > config.budget(priority) && oldestFirst.hasNext()) {
            final PendingBlock block = oldestFirst.next();
            if (block.priority != priority || block.bytes == null || block.state == PendingBlock.State.UPLOADING) {
                continue;
            }
            if (block.spoolFile != null) {
                block.bytes = null;
                memoryBytes[priority] -= block.length;
            } else {
                oldestFirst.remove();
                byId.remove(block.blockId);
                forget(block);
                countDrop(block, "budget");
            }
        }
    }

    /** Over the cap, the spool loses its lowest-priority, oldest blocks first. */
    private void enforceSpoolCap() {
        if (spoolBytes <= config.spoolMaxBytes()) {
            return;
        }
        for (int priority = 2; priority >= 0 && spoolBytes > config.spoolMaxBytes(); priority--) {
            for (final PendingBlock block : new ArrayList<>(pending)) {
                if (spoolBytes <= config.spoolMaxBytes()) {
                    return;
                }
                if (block.priority == priority && block.spoolFile != null && block.state != PendingBlock.State.UPLOADING) {
                    drop(block, "spool-full");
                }
            }
        }
    }

    // ---- starting work

    private int startWork(final long now) {
        int started = 0;
        for (final Registrable process : processes.values()) {
            if (inFlight >= config.maxInFlight()) {
                return started;
            }
            if (!process.registered && !process.inFlight && !process.rejected && process.notBefore <= now) {
                register(process);
                started++;
            }
        }
        final Map<UUID, List<PendingBlock>> toPresign = new LinkedHashMap<>();
        // recovered blocks that are due but wait for their registration hold new blocks back: earlier runs go first
        boolean recoveredWaiting = false;
        for (final PendingBlock block : pending) {
            if (inFlight >= config.maxInFlight()) {
                break;
            }
            if (block.state != PendingBlock.State.WAITING || block.notBefore > now || (recoveredWaiting && !block.recovered)) {
                continue;
            }
            final Registrable process = processes.get(block.processId);
            if (process == null || !process.registered) {
                recoveredWaiting |= block.recovered;
                continue;
            }
            final Registrable stream = streams.get(block.streamId);
            if (!stream.registered) {
                if (!stream.inFlight && !stream.rejected && stream.notBefore <= now) {
                    register(stream);
                    started++;
                }
                recoveredWaiting |= block.recovered;
                continue;
            }
            if (block.upload != null
                && block.upload.expiresAt().toEpochMilli() - UploaderEnv.PRESIGN_EXPIRY_MARGIN.toMillis() > now) {
                if (put(block)) {
                    started++;
                }
            } else {
                final List<PendingBlock> batch = toPresign.computeIfAbsent(block.processId, id -> new ArrayList<>());
                if (batch.size() < IngestLimits.MAX_BLOCKS_PER_PRESIGN) {
                    batch.add(block);
                }
            }
        }
        for (final Map.Entry<UUID, List<PendingBlock>> batch : toPresign.entrySet()) {
            if (inFlight >= config.maxInFlight()) {
                break;
            }
            presign(batch.getKey(), batch.getValue());
            started++;
        }
        return started;
    }

    private void register(final Registrable entry) {
        entry.inFlight = true;
        counters.registrations.incrementAndGet();
        final CompletableFuture<IngestClient.Reply> reply = entry.isProcess
            ? client.registerProcess((RegisterProcessRequest) entry.request)
            : client.registerStream((RegisterStreamRequest) entry.request);
        send(reply, r -> onRegistered(entry, r));
    }

    private void presign(final UUID processId, final List<PendingBlock> batch) {
        final List<BlockUpload> uploads = new ArrayList<>(batch.size());
        for (final PendingBlock block : batch) {
            block.state = PendingBlock.State.PRESIGNING;
            uploads.add(new BlockUpload(block.streamId, block.blockId, block.length));
        }
        send(client.presign(new PresignRequest(processId, uploads)), r -> onPresigned(processId, batch, r));
    }

    private boolean put(final PendingBlock block) {
        byte[] bytes = block.bytes;
        if (bytes == null) {
            try {
                bytes = spool.readBlock(block.spoolFile);
            } catch (final IOException | RuntimeException e) {
                logOnce("spool-read", "cannot read spool file " + block.spoolFile + ": " + e + "; block dropped");
                drop(block, "spool-corrupt");
                return false;
            }
        }
        block.state = PendingBlock.State.UPLOADING;
        send(client.put(block.upload, bytes), r -> onPut(block, r));
        return true;
    }

    private void send(final CompletableFuture<IngestClient.Reply> reply, final Consumer<IngestClient.Reply> handler) {
        inFlight++;
        reply.thenAccept(r -> events.add(new Completion(() -> handler.accept(r))));
    }

    // ---- replies

    private void onRegistered(final Registrable entry, final IngestClient.Reply reply) {
        entry.inFlight = false;
        if (reply.ok()) {
            entry.registered = true;
            entry.attempts = 0;
            return;
        }
        final ErrorResponse error = error(reply);
        if (error != null && error.code() == ErrorCode.UNKNOWN_PROCESS && !entry.isProcess) {
            processes.get(entry.processId).registered = false;
            entry.notBefore = retryAt(entry.attempts++, reply);
            return;
        }
        if (retryable(reply, error)) {
            counters.retries.incrementAndGet();
            entry.notBefore = retryAt(entry.attempts++, reply);
            return;
        }
        entry.rejected = true;
        logOnce("register-" + reply.status() + (error == null ? "" : error.code()), (entry.isProcess ? "process " : "stream ")
            + entry.id + " refused permanently: HTTP " + reply.status() + " " + reply.bodyText() + "; its blocks are dropped");
        for (final PendingBlock block : new ArrayList<>(pending)) {
            if ((entry.isProcess ? block.processId : block.streamId).equals(entry.id)) {
                drop(block, "rejected");
            }
        }
    }

    private void onPresigned(final UUID processId, final List<PendingBlock> batch, final IngestClient.Reply reply) {
        final long now = config.clock().millis();
        if (reply.ok()) {
            final PresignResponse response;
            try {
                response = IngestJson.parsePresignResponse(reply.body());
            } catch (final RuntimeException e) {
                retryAll(batch, reply);
                return;
            }
            for (final PresignedUpload upload : response.uploads()) {
                final PendingBlock block = byId.get(upload.blockId());
                if (block != null && block.state == PendingBlock.State.PRESIGNING) {
                    block.upload = upload;
                    block.state = PendingBlock.State.WAITING;
                    block.notBefore = now;
                }
            }
            retryAll(batch, reply); // blocks the response left out, if any
            return;
        }
        final ErrorResponse error = error(reply);
        if (error != null && error.code() == ErrorCode.UNKNOWN_PROCESS) {
            final Registrable process = processes.get(processId);
            process.registered = false;
            for (final Registrable stream : streams.values()) {
                if (stream.processId.equals(processId)) {
                    stream.registered = false;
                }
            }
            reRegister(batch, now);
            return;
        }
        if (error != null && error.code() == ErrorCode.UNKNOWN_STREAM) {
            final int index = blockIndex(error.field());
            for (int i = 0; i < batch.size(); i++) {
                if (index < 0 || index == i) {
                    streams.get(batch.get(i).streamId).registered = false;
                }
            }
            reRegister(batch, now);
            return;
        }
        if (retryable(reply, error)) {
            retryAll(batch, reply);
            return;
        }
        final int index = error == null ? -1 : blockIndex(error.field());
        logOnce("presign-" + reply.status() + (error == null ? "" : error.code()), "presign refused permanently: HTTP "
            + reply.status() + " " + reply.bodyText() + (index < 0 ? "; the batch's blocks are dropped" : "; that block is dropped"));
        for (int i = 0; i < batch.size(); i++) {
            final PendingBlock block = batch.get(i);
            if (index < 0 || index == i) {
                drop(block, "rejected");
            } else if (block.state == PendingBlock.State.PRESIGNING) {
                block.state = PendingBlock.State.WAITING;
                block.notBefore = now;
            }
        }
    }

    private void reRegister(final List<PendingBlock> batch, final long now) {
        for (final PendingBlock block : batch) {
            if (block.state == PendingBlock.State.PRESIGNING) {
                block.state = PendingBlock.State.WAITING;
                // the first time at once; if the backend keeps forgetting, back off
                block.notBefore = block.attempts == 0 ? now : now + backoff.delayMillis(block.attempts - 1);
                block.attempts++;
            }
        }
    }

    private void onPut(final PendingBlock block, final IngestClient.Reply reply) {
        if (!pending.contains(block)) {
            return; // dropped meanwhile
        }
        if (reply.ok()) {
            pending.remove(block);
            byId.remove(block.blockId);
            forget(block);
            counters.sent(block);
            return;
        }
        final long now = config.clock().millis();
        block.state = PendingBlock.State.WAITING;
        final String body = reply.bodyText();
        if (reply.status() == 403 && (body.toLowerCase(Locale.ROOT).contains("expired")
            || !block.upload.expiresAt().isAfter(config.clock().instant()))) {
            counters.presignedAgain.incrementAndGet();
            block.upload = null;
            block.notBefore = block.expiredUrls == 0 ? now : now + backoff.delayMillis(block.expiredUrls - 1);
            block.expiredUrls++;
            return;
        }
        if (reply.status() == 0 || reply.status() >= 500 || reply.status() == 429 || reply.status() == 408
            || body.contains("<Code>RequestTimeout</Code>")) {
            counters.retries.incrementAndGet();
            block.notBefore = retryAt(block.attempts++, reply);
            return;
        }
        logOnce("put-" + reply.status(), "S3 refused a block permanently: HTTP " + reply.status() + " "
            + (body.length() > 300 ? body.substring(0, 300) : body) + "; dropped (further refusals are counted, not logged)");
        drop(block, "rejected");
    }

    private void retryAll(final List<PendingBlock> batch, final IngestClient.Reply reply) {
        boolean counted = false;
        for (final PendingBlock block : batch) {
            if (block.state == PendingBlock.State.PRESIGNING && pending.contains(block)) {
                block.state = PendingBlock.State.WAITING;
                block.notBefore = retryAt(block.attempts++, reply);
                if (!counted) {
                    counters.retries.incrementAndGet();
                    counted = true;
                }
            }
        }
    }

    private long retryAt(final int attempt, final IngestClient.Reply reply) {
        final long now = config.clock().millis();
        if (reply.status() == 429) {
            final String after = reply.header(IngestPaths.RETRY_AFTER_HEADER);
            try {
                final long seconds = after == null ? 1 : Long.parseLong(after.trim());
                return now + Math.max(backoff.delayMillis(attempt), Math.min(seconds, 3600) * 1000);
            } catch (final NumberFormatException e) {
                return now + backoff.delayMillis(attempt);
            }
        }
        return now + backoff.delayMillis(attempt);
    }

    private static boolean retryable(final IngestClient.Reply reply, final ErrorResponse error) {
        return reply.status() == 0 || reply.status() >= 500 || reply.status() == 429 || reply.status() == 408
            || (error == null && reply.status() == 404 && reply.body() != null && reply.body().length == 0);
    }

    private static ErrorResponse error(final IngestClient.Reply reply) {
        if (reply.body() == null || reply.body().length == 0) {
            return null;
        }
        try {
            return IngestJson.parseError(reply.body());
        } catch (final RuntimeException e) {
            return null;
        }
    }

    /** {@code blocks[3].streamId} → 3; else -1. */
    private static int blockIndex(final String field) {
        if (field == null || !field.startsWith("blocks[")) {
            return -1;
        }
        final int close = field.indexOf(']');
        try {
            return close < 0 ? -1 : Integer.parseInt(field.substring("blocks[".length(), close));
        } catch (final NumberFormatException e) {
            return -1;
        }
    }

    // ---- bookkeeping

    private void drop(final PendingBlock block, final String reason) {
        if (pending.remove(block)) {
            byId.remove(block.blockId);
            forget(block);
            countDrop(block, reason);
        }
    }

    private void countDrop(final PendingBlock block, final String reason) {
        counters.dropped(block.priority, block.eventCount);
        dropMetrics.record(kindTag(block.priority), reason, block.eventCount);
    }

    /** Releases the block's memory and spool file. */
    private void forget(final PendingBlock block) {
        if (block.bytes != null) {
            memoryBytes[block.priority] -= block.length;
            block.bytes = null;
        }
        if (block.spoolFile != null) {
            final Path file = block.spoolFile;
            block.spoolFile = null;
            try {
                spoolBytes -= java.nio.file.Files.size(file);
            } catch (final IOException e) {
                spoolBytes -= block.length;
            }
            spool.delete(file);
        }
    }

    private void reportQueueDrops() {
        for (int priority = 0; priority < 3; priority++) {
            final long events = counters.queueDroppedEvents[priority].getAndSet(0);
            if (events > 0) {
                dropMetrics.record(kindTag(priority), "queue-full", events);
            }
        }
    }

    private static String kindTag(final int priority) {
        return io.lakeobs.tracing.sink.StreamKind.values()[priority].tag();
    }

    private void logOnce(final String key, final String message) {
        if (loggedOnce.add(key)) {
            LOG.log(System.Logger.Level.WARNING, "lakeobs uploader: " + message);
        }
    }

    UploaderStats stats() {
        return counters.snapshot(pending.size(), spoolBytes);
    }

    /** Thread-safe counters behind {@link UploaderStats}. */
    static final class Counters {
        final AtomicLong blocksSent = new AtomicLong();
        final AtomicLong eventsSent = new AtomicLong();
        final AtomicLong bytesSent = new AtomicLong();
        final AtomicLong blocksDropped = new AtomicLong();
        final AtomicLong eventsDropped = new AtomicLong();
        final AtomicLong[] droppedByPriority = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
        final AtomicLong[] queueDroppedEvents = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
        final AtomicLong retries = new AtomicLong();
        final AtomicLong presignedAgain = new AtomicLong();
        final AtomicLong registrations = new AtomicLong();
        final AtomicLong spooled = new AtomicLong();
        final AtomicLong recovered = new AtomicLong();
        final AtomicLong corrupt = new AtomicLong();
        volatile long pendingBlocks;
        volatile long spoolBytes;

        void sent(final PendingBlock block) {
            blocksSent.incrementAndGet();
            eventsSent.addAndGet(block.eventCount);
            bytesSent.addAndGet(block.length);
        }

        void dropped(final int priority, final long events) {
            blocksDropped.incrementAndGet();
            eventsDropped.addAndGet(events);
            droppedByPriority[priority].incrementAndGet();
        }

        UploaderStats snapshot(final long pendingNow, final long spoolNow) {
            pendingBlocks = pendingNow;
            spoolBytes = spoolNow;
            return snapshot();
        }

        UploaderStats snapshot() {
            return new UploaderStats(blocksSent.get(), eventsSent.get(), bytesSent.get(), blocksDropped.get(),
                eventsDropped.get(), droppedByPriority[0].get(), droppedByPriority[1].get(), droppedByPriority[2].get(),
                retries.get(), presignedAgain.get(), registrations.get(), spooled.get(), recovered.get(), corrupt.get(),
                pendingBlocks, spoolBytes);
        }
    }
}
