package io.lakeobs.local.demo;

import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.SpanEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;

/**
 * What the raw bucket holds for one process, decoded from the blocks themselves with
 * {@link TelemetryReader}: objects, bytes, and events (all, and those whose target starts with
 * a prefix, by kind). The independent check that what was recorded arrived.
 *
 * @param blockKeys every block object key (one per block id)
 * @param bytes their total size
 * @param events every decoded event
 * @param logs logs under the prefix
 * @param metrics measures under the prefix
 * @param spanEvents span begins and ends under the prefix
 */
public record BlockCensus(List<String> blockKeys, long bytes, long events, long logs, long metrics, long spanEvents) {

    /** Reads and decodes every block of {@code processId} in {@code bucket}. */
    public static BlockCensus of(final S3Client s3, final String bucket, final String processId, final String targetPrefix) {
        final List<String> keys = new ArrayList<>();
        long bytes = 0;
        final long[] counts = new long[4];
        final TelemetryReader reader = new TelemetryReader();
        final TelemetryVisitor visitor = new TelemetryVisitor() {
            @Override
            public void onLog(final LogEvent log) {
                counts[0]++;
                if (log.target().startsWith(targetPrefix)) {
                    counts[1]++;
                }
            }

            @Override
            public void onMeasure(final MeasureEvent measure) {
                counts[0]++;
                if (measure.target().startsWith(targetPrefix)) {
                    counts[2]++;
                }
            }

            @Override
            public void onSpan(final SpanEvent span) {
                counts[0]++;
                if (span.target().startsWith(targetPrefix)) {
                    counts[3]++;
                }
            }
        };
        for (final S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket)
            .prefix(ObjectKeys.BLOCKS_PREFIX)).contents()) {
            if (!ObjectKeys.parseBlockKey(object.key()).map(k -> k.processId().toString().equals(processId)).orElse(false)) {
                continue; // another process's block (keys start with their day, then the process)
            }
            final byte[] block = s3.getObjectAsBytes(get -> get.bucket(bucket).key(object.key())).asByteArray();
            reader.read(block, 0, block.length, TelemetryTypes.declarations(), visitor);
            keys.add(object.key());
            bytes += block.length;
        }
        return new BlockCensus(List.copyOf(keys), bytes, counts[0], counts[1], counts[2], counts[3]);
    }

    public long workloadEvents() {
        return logs + metrics + spanEvents;
    }
}
