package io.lakeobs.local.crash;

import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.HashMap;
import java.util.Map;

/**
 * The sequences of one {@link SequenceChild} found in the raw bucket, decoded from its blocks:
 * how many of {@code 0..lastSequence} arrived, how many never did, how many twice.
 *
 * @param found distinct sequences up to the last reported one that arrived
 * @param lost sequences up to the last reported one that never arrived
 * @param duplicated sequences that arrived more than once
 * @param afterLast sequences recorded after the last reported one (the kill came between the call and the print)
 */
public record SequenceCensus(long found, long lost, long duplicated, long afterLast) {
    static final String TARGET = "crash.sequence";

    public static SequenceCensus of(final S3Client s3, final String bucket, final KillRun run) {
        final Map<Long, Integer> seen = new HashMap<>();
        final TelemetryReader reader = new TelemetryReader();
        final TelemetryVisitor visitor = new TelemetryVisitor() {
            @Override
            public void onLog(final LogEvent log) {
                if (TARGET.equals(log.target())) {
                    final String message = log.message();
                    seen.merge(Long.parseLong(message.substring(message.indexOf(' ') + 1)), 1, Integer::sum);
                }
            }
        };
        final String process = run.processId().toString();
        for (final S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket)
            .prefix(ObjectKeys.BLOCKS_PREFIX)).contents()) {
            if (ObjectKeys.parseBlockKey(object.key()).map(k -> k.processId().toString().equals(process)).orElse(false)) {
                final byte[] block = s3.getObjectAsBytes(get -> get.bucket(bucket).key(object.key())).asByteArray();
                reader.read(block, 0, block.length, TelemetryTypes.declarations(), visitor);
            }
        }
        long found = 0;
        long duplicated = 0;
        long afterLast = 0;
        for (final Map.Entry<Long, Integer> entry : seen.entrySet()) {
            if (entry.getKey() <= run.lastSequence()) {
                found++;
            } else {
                afterLast++;
            }
            duplicated += entry.getValue() - 1;
        }
        return new SequenceCensus(found, run.lastSequence() + 1 - found, duplicated, afterLast);
    }
}
