package io.lakeobs.uploader;

import io.lakeobs.tracing.CrashRecovery;
import io.lakeobs.tracing.TracingBuilder;
import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.sink.TelemetrySink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The tracing sink that ships blocks to the backend: registers the process, each stream just
 * before its first block, asks the ingest API for presigned URLs in batches and PUTs the blocks
 * to S3, from one background thread with at most {@code maxInFlight} requests at once. It holds
 * an API key, never AWS credentials.
 *
 * <p>What it promises: metadata is never dropped; blocks go logs first, then metrics, then
 * spans, each kind within its memory budget; a failed request is retried with capped, jittered
 * exponential backoff and the same block id; with a spool directory every block is on disk
 * before it is uploaded, so an outage or a restart loses nothing within the spool's cap, and
 * after {@code Tracing.flush()} returns everything recorded before it survives a crash. Drops
 * are counted in {@link #stats()} and recorded as tracing metrics ({@code lakeobs.uploader.dropped_*}).
 *
 * <pre>{@code
 * Uploader uploader = Uploader.builder().fromEnvironment(System.getenv()).build();
 * TracingRuntime tracing = uploader.configure(Tracing.builder()).fromEnvironment(System.getenv()).install();
 * }</pre>
 */
public final class Uploader implements TelemetrySink, AutoCloseable {
    private final UploaderConfig config;
    private final IngestClient client;
    private final Spool spool;
    private final UploadLoop loop;
    private final Thread thread;
    private final long handOverLimit;
    private volatile boolean running = true;
    private volatile long shutdownDeadlineNanos;
    private volatile boolean finished;

    Uploader(final UploaderConfig config) {
        this.config = config;
        this.spool = config.spooling() ? new Spool(config.spoolDirectory()) : null;
        this.client = new IngestClient(config);
        this.loop = new UploadLoop(config, client, spool);
        long limit = 0;
        for (final long budget : config.budgets()) {
            limit += budget;
        }
        this.handOverLimit = limit;
        try {
            loop.recover();
        } catch (final IOException e) {
            close(spool);
            client.close();
            throw new UncheckedIOException("cannot read the spool " + config.spoolDirectory(), e);
        }
        if (config.manual()) {
            thread = null;
        } else {
            thread = new Thread(this::run, "lakeobs-uploader");
            thread.setDaemon(true);
            thread.start();
        }
    }

    public static UploaderBuilder builder() {
        return new UploaderBuilder();
    }

    /**
     * Sets tracing up for this uploader: the sink, the flush period, the shutdown deadline, the raw block target
     * that gives blocks of about the configured compressed size (tracing seals on raw size), and,
     * when crash-safe, the rings directory in the spool.
     */
    public TracingBuilder configure(final TracingBuilder tracing) {
        tracing.sink(this).flushPeriod(config.flushPeriod()).blockTargetBytes(rawBlockTargetBytes())
            .shutdownDeadline(config.shutdownDeadline());
        return config.crashSafe() ? tracing.crashSafe(config.ringsDirectory()) : tracing;
    }

    /** The raw (uncompressed) block target handed to tracing: compressed target times the expected ratio. */
    public int rawBlockTargetBytes() {
        return (int) Math.min(24L << 20, (long) config.blockTargetBytes() * config.compressionRatio());
    }

    // ---- the sink SPI, called on tracing's collector thread

    @Override
    public void onProcessStarted(final ProcessInfo process) {
        loop.events.add(new UploadLoop.ProcessStarted(Metadata.process(process)));
    }

    @Override
    public void onStreamCreated(final StreamInfo stream) {
        loop.events.add(new UploadLoop.StreamCreated(Metadata.stream(stream)));
    }

    @Override
    public void onBlock(final EncodedBlock block) {
        final int length = block.bytes().length;
        loop.counters.eventsRecorded.addAndGet(block.header().objectCount());
        if (finished || loop.queuedBytes.addAndGet(length) > handOverLimit) {
            if (!finished) {
                loop.queuedBytes.addAndGet(-length);
            }
            final int priority = block.kind().priority();
            loop.counters.dropped(priority, block.header().objectCount());
            loop.counters.queueDroppedEvents[priority].addAndGet(block.header().objectCount());
            return;
        }
        loop.events.add(new UploadLoop.BlockArrived(block));
    }

    /** Tracing could not record these events (a full ring): they count as recorded and dropped. */
    @Override
    public void onEventsDropped(final StreamKind kind, final long events) {
        loop.counters.eventsRecorded.addAndGet(events);
        loop.counters.eventsDroppedByTracing.addAndGet(events);
    }

    /** Starts uploads now; with a spool, returns once every block handed over so far is on disk. */
    @Override
    public void flush() {
        final CountDownLatch done = new CountDownLatch(1);
        loop.events.add(new UploadLoop.FlushMarker(done));
        if (thread != null && spool != null && thread.isAlive()) {
            try {
                done.await(config.flushWait().toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Sends what it can until {@code deadline}, then stops: what was not sent stays in the
     * spool for the next start (without a spool it is lost and counted as dropped).
     */
    @Override
    public void shutdown(final Duration deadline) {
        if (finished) {
            return;
        }
        // keep a margin: tracing's shutdown hook gives the sink no more than its own deadline
        final long margin = Math.min(TimeUnit.SECONDS.toNanos(1), deadline.toNanos() / 5);
        shutdownDeadlineNanos = System.nanoTime() + deadline.toNanos() - margin;
        if (thread == null) {
            synchronized (this) {
                if (!finished) {
                    drive(shutdownDeadlineNanos);
                    finish();
                }
            }
            return;
        }
        running = false;
        loop.events.add(new UploadLoop.FlushMarker(new CountDownLatch(1))); // wakes the loop
        try {
            thread.join(Math.max(1, deadline.toMillis() + 1000));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(config.shutdownDeadline());
    }

    /**
     * Manual mode: applies everything handed over, starts every request that is due now and
     * waits for the replies, until nothing is in flight and nothing is due (blocks waiting for
     * a backoff that the clock has not reached stay pending). Tests advance their clock between
     * calls instead of sleeping.
     */
    public void runUntilIdle() {
        if (thread != null) {
            throw new IllegalStateException("runUntilIdle() is for manual mode; a background thread runs");
        }
        synchronized (this) {
            drive(System.nanoTime() + TimeUnit.MINUTES.toNanos(10));
        }
    }

    /**
     * Hands what dead processes left in the spool's rings directory ({@link CrashRecovery}) to
     * this uploader, which spools and sends it under their ids; for a recovery command. An
     * application that records crash-safe does this itself at install.
     */
    public CrashRecovery.Report recoverCrashedProcesses() {
        if (!config.spooling()) {
            throw new IllegalStateException("no spool directory: nothing to recover");
        }
        return CrashRecovery.recover(config.ringsDirectory(), this);
    }

    public UploaderStats stats() {
        synchronized (loop.counters) {
            return loop.counters.snapshot();
        }
    }

    private void drive(final long deadlineNanos) {
        try {
            while (true) {
                final int started = loop.step();
                if (loop.inFlight() == 0 && loop.events.isEmpty() && started == 0) {
                    return;
                }
                if (loop.events.isEmpty() && loop.inFlight() > 0) {
                    final long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                    if (remaining <= 0 || !loop.await(remaining)) {
                        return;
                    }
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publishStats();
        }
    }

    private void run() {
        try {
            while (running) {
                loop.step();
                publishStats();
                loop.await(loop.millisToNextRetry(200));
            }
            // draining: until everything is sent or the deadline passes
            while (System.nanoTime() - shutdownDeadlineNanos < 0) {
                loop.step();
                publishStats();
                if (!loop.hasPending() && loop.inFlight() == 0 && loop.events.isEmpty()) {
                    break;
                }
                final long remaining = TimeUnit.NANOSECONDS.toMillis(shutdownDeadlineNanos - System.nanoTime());
                loop.await(Math.max(1, Math.min(remaining, loop.millisToNextRetry(200))));
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException | Error e) {
            System.getLogger(Uploader.class.getName()).log(System.Logger.Level.ERROR, "lakeobs uploader stopped", e);
        } finally {
            finish();
        }
    }

    private void finish() {
        finished = true;
        loop.abandonPending();
        publishStats();
        client.close();
        close(spool);
    }

    private void publishStats() {
        synchronized (loop.counters) {
            loop.stats();
        }
    }

    private static void close(final Spool spool) {
        if (spool != null) {
            spool.close();
        }
    }
}
