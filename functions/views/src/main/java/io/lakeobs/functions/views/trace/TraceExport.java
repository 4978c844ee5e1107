package io.lakeobs.functions.views.trace;

import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.catalog.StreamRecord;
import io.lakeobs.functions.views.CatalogSource;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.ViewEtl;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * The job behind {@link TraceExportHandler}: one process's thread spans, async spans and logs over
 * a time range as a Chrome trace-event file ({@link ChromeTrace}) in the views bucket, under
 * {@code traces/<process>/<begin ms>-<end ms>.json}, and a presigned GET URL to it. The rows come
 * straight from the ETL's decoding of the process's blocks ({@link ViewEtl#decode}), not from the
 * Parquet views: nothing is derived into views, no process is marked kept, and no Parquet file is
 * read. A range whose blocks declare more than {@link ViewsConfig#onDemandMaxBytes} is refused
 * before any block is read, as the on-demand ETL refuses it: the file is built in memory.
 */
public final class TraceExport {
    /** How long a returned URL stays valid: enough to download the file, short enough not to be a share link. */
    public static final Duration URL_LIFETIME = Duration.ofMinutes(15);
    private final CatalogSource source;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final long maxSourceBytes;
    private final Clock clock;
    private final ViewEtl etl;

    public TraceExport(final CatalogSource source, final S3Client s3, final S3Presigner presigner, final ViewsConfig config,
                       final Clock clock) {
        this.source = source;
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = config.viewsBucket();
        this.maxSourceBytes = config.onDemandMaxBytes();
        this.clock = clock;
        this.etl = new ViewEtl(config.parquet());
    }

    /** A process and an event-time range {@code [beginMillis, endMillis)}. */
    public record Request(UUID processId, long beginMillis, long endMillis) {
        public Request {
            if (processId == null) {
                throw new IllegalArgumentException("process_id is required");
            }
            if (beginMillis < 0 || endMillis <= beginMillis) {
                throw new IllegalArgumentException("bad time range: begin must come before end, was begin "
                    + Instant.ofEpochMilli(Math.max(0, beginMillis)) + " (" + beginMillis + " ms), end "
                    + Instant.ofEpochMilli(Math.max(0, endMillis)) + " (" + endMillis + " ms)");
            }
        }

        /** Where the file is written in the views bucket. */
        public String key() {
            return "traces/" + processId + "/" + beginMillis + "-" + endMillis + ".json";
        }
    }

    /** The file's key, a presigned GET URL to it and when that URL expires, and what the file holds. */
    public record Result(String key, String url, Instant expiresAt, int spans, int asyncEvents, int logs, int blocksRead) {
    }

    /**
     * @throws NoSuchElementException the process is not in the catalog
     * @throws IllegalArgumentException the range holds more than one request may export
     */
    public Result run(final Request request) {
        source.clear();
        final ProcessRecord process = source.process(request.processId())
            .orElseThrow(() -> new NoSuchElementException("unknown process " + request.processId()));
        final long from = request.beginMillis() * 1_000_000L;
        final long to = request.endMillis() * 1_000_000L;
        final List<BlockRecord> records = new ArrayList<>();
        for (final StreamRecord stream : source.streamsOf(request.processId())) {
            records.addAll(source.blocksOfStream(request.processId(), stream.streamId(), from, to));
        }
        long declared = 0;
        for (final BlockRecord record : records) {
            declared += (long) record.header().dependenciesSize() + record.header().objectsSize();
        }
        if (declared > maxSourceBytes) {
            throw new IllegalArgumentException("the range [" + Instant.ofEpochMilli(request.beginMillis()) + ", "
                + Instant.ofEpochMilli(request.endMillis()) + ") of process " + request.processId() + " holds " + records.size()
                + " blocks declaring " + declared + " uncompressed bytes, more than one trace export may read ("
                + ViewsConfig.ON_DEMAND_MAX_BYTES + " = " + maxSourceBytes + "): ask for a shorter range");
        }
        final List<SourceBlock> sources = source.resolve(records, (p, b) -> true);
        final TraceRows rows = new TraceRows(from, to);
        final int read = etl.decode(sources, rows.sinks(), source.fetcher()).blocksRead();
        final ByteArrayOutputStream json = new ByteArrayOutputStream();
        try {
            ChromeTrace.write(new ChromeTrace.Content(process.info().exe() + " " + process.info().processId(),
                process.info().processId().toString(), from, rows.spans(), rows.asyncEvents(), rows.logs()), json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final byte[] bytes = json.toByteArray();
        final String key = request.key();
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json").contentLength((long) bytes.length),
            RequestBody.fromBytes(bytes));
        final Instant signedAt = clock.instant();
        final String url = presigner.presignGetObject(p -> p.signatureDuration(URL_LIFETIME)
            .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString();
        return new Result(key, url, signedAt.plus(URL_LIFETIME), rows.spans().size(), rows.asyncEvents().size(),
            rows.logs().size(), read);
    }
}
