package io.lakeobs.uploader;

import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.tracing.sink.StreamKind;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/**
 * The settled configuration of one uploader, built by {@link UploaderBuilder}.
 *
 * @param endpoint base URI of the ingest API
 * @param apiKey the API key (the only credential the uploader holds)
 * @param spoolDirectory the on-disk spool, or null for none
 * @param spoolMaxBytes cap of the spool's total size
 * @param budgets in-memory byte budget per priority, by {@link StreamKind#priority()}
 * @param blockTargetBytes compressed size a block is sealed at
 * @param compressionRatio raw bytes per compressed byte, to set tracing's raw block target
 * @param flushPeriod every stream is sealed at least this often
 * @param maxInFlight most HTTP requests at once
 * @param requestTimeout timeout of one HTTP request
 * @param connectTimeout timeout of a TCP connect
 * @param backoffBase first retry delay
 * @param backoffCap longest retry delay
 * @param flushWait how long {@code flush()} waits for the spool
 * @param shutdownDeadline how long a shutdown keeps sending
 * @param crashSafe tracing's rings are memory-mapped in the spool's rings directory
 * @param clock time of backoff and presign expiry (injectable for tests)
 * @param random jitter source (seeded in tests)
 * @param manual no background thread: the caller drives with {@link Uploader#runUntilIdle()}
 */
record UploaderConfig(URI endpoint, ApiKeyToken apiKey, Path spoolDirectory, long spoolMaxBytes, long[] budgets,
                      int blockTargetBytes, int compressionRatio, Duration flushPeriod, int maxInFlight,
                      Duration requestTimeout, Duration connectTimeout, Duration backoffBase, Duration backoffCap,
                      Duration flushWait, Duration shutdownDeadline, boolean crashSafe,
                      Clock clock, Random random, boolean manual) {

    long budget(final int priority) {
        return budgets[priority];
    }

    /** Where tracing maps its rings when crash-safe. */
    Path ringsDirectory() {
        return spoolDirectory.resolve(UploaderEnv.RINGS_DIRECTORY);
    }

    boolean spooling() {
        return spoolDirectory != null;
    }
}
