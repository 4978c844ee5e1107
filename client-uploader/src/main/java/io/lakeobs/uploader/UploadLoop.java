package io.lakeobs.uploader;

import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.tracing.sink.EncodedBlock;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The uploader's state machine, run by one thread (the background thread, or the caller in
 * manual mode): everything below {@link #events} is touched by that thread only. Sink calls and
 * HTTP completions arrive as events; each {@link #step} applies them, then starts as much work
 * as the permits allow, in order: process registrations, stream registrations (just before a
 * stream's first block), presign batches, PUTs, recovered blocks first, then by priority, then
 * oldest first. The loop owns the events and the driving; {@link PendingBlocks} keeps the
 * blocks, {@link Registrations} the metadata, {@link RequestDispatcher} starts requests and
 * {@link ReplyHandler} applies their replies.
 */
final class UploadLoop {
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

    final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    /** Bytes handed over by the sink and not yet taken by the loop: bounds the hand-over queue. */
    final AtomicLong queuedBytes = new AtomicLong();
    final UploaderCounters counters = new UploaderCounters();

    private final UploaderConfig config;
    private final Spool spool;
    private final WarnOnce warnings = new WarnOnce();
    private final Drops drops = new Drops(counters);
    private final Registrations registrations = new Registrations();
    private final PendingBlocks blocks;
    private final RequestDispatcher dispatcher;

    UploadLoop(final UploaderConfig config, final IngestClient client, final Spool spool) {
        this.config = config;
        this.spool = spool;
        this.blocks = new PendingBlocks(config, spool, counters, drops, warnings);
        final ReplyHandler replies = new ReplyHandler(config, registrations, blocks, new RetryPolicy(config), counters,
            warnings);
        this.dispatcher = new RequestDispatcher(config, client, spool, registrations, blocks, replies, counters, warnings,
            events);
    }

    /** Loads what earlier runs spooled; those blocks are sent before any new one. */
    void recover() throws IOException {
        if (spool == null) {
            return;
        }
        final long[] corrupt = new long[1];
        for (final Spool.Entry entry : spool.recover(corrupt)) {
            registrations.addRecovered(entry);
            blocks.addRecovered(entry);
            counters.recovered.incrementAndGet();
            counters.eventsRecovered.addAndGet(entry.eventCount());
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
        drops.reportQueueDrops();
        return dispatcher.startWork(config.clock().millis());
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
        return dispatcher.inFlight();
    }

    boolean hasPending() {
        return !blocks.isEmpty();
    }

    /**
     * Millis until the earliest backoff that has not ended yet ends (or {@code fallback}). Work
     * that is due already but was not started waits for a reply, which arrives as an event.
     */
    long millisToNextRetry(final long fallback) {
        final long now = config.clock().millis();
        final long next = Math.min(blocks.earliestRetry(now), registrations.earliestRetry(now));
        return next == Long.MAX_VALUE ? fallback : Math.max(1, Math.min(fallback, next - now));
    }

    /** At shutdown: what is still pending stays in the spool, or, without one, is lost and counted. */
    void abandonPending() {
        blocks.dropAll(block -> block.spoolFile == null, "shutdown");
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

    UploaderStats stats() {
        return counters.snapshot(blocks.size(), blocks.events(), blocks.spoolBytes());
    }

    // ---- events

    private void apply(final Object event) {
        if (event instanceof Completion completion) {
            dispatcher.completed();
            completion.apply().run();
        } else if (event instanceof BlockArrived arrived) {
            queuedBytes.addAndGet(-arrived.block().bytes().length);
            accept(arrived.block());
        } else if (event instanceof ProcessStarted started) {
            registrations.processStarted(started.request());
        } else if (event instanceof StreamCreated created) {
            registrations.streamCreated(created.request());
        } else if (event instanceof FlushMarker marker) {
            marker.done().countDown();
        }
    }

    /** Takes a handed-over block into the pending blocks, or drops it when its metadata is missing or refused. */
    private void accept(final EncodedBlock encoded) {
        final int priority = encoded.kind().priority();
        final int eventCount = encoded.header().objectCount();
        final Registrable stream = registrations.stream(encoded.streamId());
        final Registrable process = registrations.process(encoded.processId());
        if (stream == null || process == null) {
            warnings.warn("no-metadata", "a block arrived before its process or stream metadata; dropped (a tracing bug)");
            drops.count(priority, eventCount, "no-metadata");
            return;
        }
        if (process.rejected || stream.rejected) {
            drops.count(priority, eventCount, "rejected"); // the backend refused its metadata for good (logged once)
            return;
        }
        blocks.addNew(encoded, process.json, stream.json);
    }
}
