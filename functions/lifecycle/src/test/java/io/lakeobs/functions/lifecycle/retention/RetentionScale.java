package io.lakeobs.functions.lifecycle.retention;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.cost.ListPrices;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.lifecycle.CatalogFixture;
import io.lakeobs.functions.lifecycle.views.InstanceViews;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Retention at scale on the embedded stack: {@code blocks} expired blocks over {@code processes}
 * processes and 10 insert days, seeded straight into the catalog and the raw bucket, then deleted
 * by retention runs until caught up. Reports every request type retention sent, the bytes the
 * DynamoDB items weigh, and what a million blocks cost to delete at list prices. Used by
 * {@code RetentionScaleTest} (a small run inside make test) and the benchmark harness (100 000).
 */
public final class RetentionScale {
    private RetentionScale() {
    }

    /** What one measurement saw. */
    public record Result(int blocks, int processes, Map<String, Long> requests, int runs, long itemBytes, long seedMillis,
                         long retentionMillis, int remainingItems, int remainingObjects) {
        /**
         * USD to delete a million blocks: DeleteObjects billed as requests of the PUT tier (the
         * conservative reading of the S3 price list), each item delete as one write unit per KB for
         * the table and each of its three indexes plus one for its object claim (in no index), Queries as eventually consistent reads of the
         * items they return, the GetItem / PutItem of processes and positions as one unit each.
         */
        public double usdPerMillionBlocks() {
            final double perBlock = 1_000_000.0 / blocks;
            final double kb = Math.max(1, Math.ceil(itemBytes / 1024.0));
            final double s3 = requests.getOrDefault("S3 DeleteObjects", 0L) * ListPrices.S3_PUT_PER_THOUSAND / 1000;
            final double writes = blocks * (kb * 4 + 1) + requests.getOrDefault("DDB putItem", 0L);
            final double reads = blocks * Math.ceil(itemBytes / 4096.0 * 10) / 10 * 0.5 + requests.getOrDefault("DDB getItem", 0L);
            return perBlock * (s3 + writes * ListPrices.DYNAMODB_WRITE_PER_MILLION / 1e6 + reads * ListPrices.DYNAMODB_READ_PER_MILLION / 1e6);
        }

        public String report() {
            return String.format(Locale.ROOT, "%d expired blocks over %d processes: seeded in %.1f s, deleted in %d runs, %.1f s "
                    + "(%.0f blocks/s); requests %s; item %d bytes; remaining items %d, objects %d; %.2f USD per million blocks"
                    + " at list prices of %s", blocks, processes, seedMillis / 1000.0, runs, retentionMillis / 1000.0,
                blocks * 1000.0 / Math.max(1, retentionMillis), requests, itemBytes, remainingItems, remainingObjects,
                usdPerMillionBlocks(), ListPrices.AS_OF);
        }
    }

    public static Result measure(final LocalAws aws, final int blocks, final int processes) {
        final Instant now = Instant.parse("2026-11-30T15:00:00Z");
        final MutableClock clock = new MutableClock(now);
        final CatalogFixture catalog = new CatalogFixture(aws, clock, "scale" + blocks);
        final long seedStart = System.nanoTime();
        final List<UUID[]> streams = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            final UUID process = catalog.process("svc-" + p, Map.of());
            streams.add(new UUID[] {process, catalog.stream(process, List.of("log"))});
        }
        final Instant firstDay = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(20));
        final java.util.concurrent.ExecutorService seeders = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            final List<java.util.concurrent.Future<?>> seeding = new ArrayList<>();
            for (int i = 0; i < blocks; i++) {
                final UUID[] owner = streams.get(i % processes);
                final Instant inserted = firstDay.plus(Duration.ofMillis((long) i * Duration.ofDays(10).toMillis() / blocks));
                seeding.add(seeders.submit(() -> catalog.block(owner[0], owner[1], inserted.minusSeconds(60), Duration.ofSeconds(50),
                    3, 0, inserted)));
            }
            for (final java.util.concurrent.Future<?> done : seeding) {
                done.get();
            }
        } catch (final InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("seeding failed", e);
        } finally {
            seeders.shutdown();
        }
        final long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;
        final long itemBytes = itemBytes(aws, catalog);

        final BlockRetention retention = new BlockRetention(catalog.blocks, catalog.quarantine, catalog.processes, catalog.store,
            new InstanceViews(catalog.partitions, catalog.store), catalog.partitions, Deadlines.defaults(),
            RetentionSettings.defaults(), Backoff.NONE, clock);
        aws.requests.clear();
        final long start = System.nanoTime();
        int runs = 0;
        BlockRetention.Report report;
        do {
            report = retention.run(false, () -> true);
            runs++;
        } while (!report.caughtUp() && runs < 100);
        final long retentionMillis = (System.nanoTime() - start) / 1_000_000;
        final Map<String, Long> requests = new TreeMap<>();
        synchronized (aws.requests) {
            for (final String request : aws.requests) {
                requests.merge(request.startsWith("S3 ") ? request.split(" ")[0] + " " + request.split(" ")[1] : request, 1L, Long::sum);
            }
        }
        final int items = aws.unrecordedDynamoDb.scan(b -> b.tableName(catalog.tables.blocks()).select("COUNT")).count();
        final int objects = aws.unrecordedS3.listObjectsV2(b -> b.bucket(catalog.rawBucket)).keyCount();
        return new Result(blocks, processes, requests, runs, itemBytes, seedMillis, retentionMillis, items, objects);
    }

    /** The size DynamoDB bills for one block item: attribute names and values, as its sizing rules count them. */
    private static long itemBytes(final LocalAws aws, final CatalogFixture catalog) {
        final BlockRecord sample = catalog.seeded.get(0);
        final var item = aws.unrecordedDynamoDb.getItem(b -> b.tableName(catalog.tables.blocks())
            .key(Map.of("stream_id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(sample.header().streamId().toString()),
                "block_sort", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(sample.blockSort())))).item();
        long bytes = 0;
        for (final var entry : item.entrySet()) {
            bytes += entry.getKey().length();
            final var value = entry.getValue();
            if (value.s() != null) {
                bytes += value.s().length();
            } else if (value.n() != null) {
                bytes += (value.n().length() + 1) / 2 + 1;
            } else {
                bytes += 1;
            }
        }
        return bytes + 100; // DynamoDB adds 100 bytes per item for indexed tables' overhead
    }
}
