package io.lakeobs.functions.lifecycle.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.QuarantineRecord;
import io.lakeobs.functions.core.catalog.Registration;
import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.lifecycle.CatalogFixture;
import io.lakeobs.functions.lifecycle.RetentionHandler;
import io.lakeobs.protocol.ProcessInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Deletion on request on the embedded catalog: nothing of the deleted process is left in the raw
 * bucket, the views bucket's instance files or any table (checked by scanning them, not by
 * trusting the report), the other process is untouched, and the tombstone refuses registration.
 * (The rewrite of the shared global view files is checked end to end in the tests module.)
 */
class ProcessDeletionTest {
    private static final Instant NOW = Instant.parse("2026-11-30T15:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private LocalAws aws;
    private CatalogFixture catalog;
    private BlockStore views;

    @BeforeEach
    void start() throws Exception {
        aws = new LocalAws();
        catalog = new CatalogFixture(aws, clock);
        views = new BlockStore(aws.s3, LocalAws.VIEWS_BUCKET);
    }

    @AfterEach
    void stop() throws Exception {
        aws.close();
    }

    private ProcessDeletion deletion() {
        return new ProcessDeletion(catalog.processes, catalog.streams, catalog.blocks, catalog.store, views, catalog.partitions,
            new QuarantineCatalog(aws.dynamoDb, aws.tables), Duration.ofDays(30), Duration.ofMinutes(5), Backoff.NONE, clock);
    }

    /** Every attribute value of every item of every table, with its table. */
    private List<String> everyStoredValue() {
        final List<String> values = new ArrayList<>();
        for (final String table : List.of(aws.tables.processes(), aws.tables.streams(), aws.tables.blocks(),
            aws.tables.quarantine(), aws.tables.partitions())) {
            aws.unrecordedDynamoDb.scanPaginator(b -> b.tableName(table)).items()
                .forEach(item -> item.forEach((name, value) -> values.add(table + " " + name + "=" + text(value))));
        }
        return values;
    }

    private static String text(final AttributeValue value) {
        return value.s() != null ? value.s() : value.n() != null ? value.n() : value.hasNs() ? String.valueOf(value.ns())
            : value.hasM() ? String.valueOf(value.m()) : value.hasL() ? String.valueOf(value.l()) : String.valueOf(value);
    }

    private List<String> keys(final String bucket) {
        final List<String> keys = new ArrayList<>();
        aws.unrecordedS3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o -> keys.add(o.key()));
        return keys;
    }

    @Test
    void noByteOfTheProcessRemainsAndTheOtherIsUntouched() {
        final UUID doomed = catalog.process("leaving-customer", Map.of("user", "alice@example.com"));
        final UUID other = catalog.process("staying", Map.of());
        final List<BlockRecord> doomedBlocks = new ArrayList<>();
        for (final UUID process : List.of(doomed, other)) {
            final UUID stream = catalog.stream(process, List.of("log"));
            for (int i = 0; i < 4; i++) {
                final BlockRecord block = catalog.block(process, stream, NOW.minusSeconds(600 - i * 60), Duration.ofSeconds(50), 3, 0,
                    NOW.minusSeconds(500 - i * 60));
                if (process.equals(doomed)) {
                    doomedBlocks.add(block);
                }
            }
        }
        // a quarantined object and one never indexed, under the doomed process's prefix
        final String quarantined = ObjectKeys.blockKey(clock.instant(), doomed, UUID.randomUUID(), UUID.randomUUID());
        final String orphan = ObjectKeys.blockKey(clock.instant(), doomed, UUID.randomUUID(), UUID.randomUUID());
        catalog.store.put(quarantined, new byte[] {1, 2, 3});
        catalog.store.put(orphan, new byte[] {4, 5, 6});
        new QuarantineCatalog(aws.dynamoDb, aws.tables).putIfAbsent(new QuarantineRecord(quarantined, "bad magic", 3,
            NOW.toEpochMilli()));
        // its on-demand view file and manifest
        final String file = ViewLayout.dataKey("log_entries", doomed.toString(), 0, 1, 1, "0".repeat(64));
        views.put(file, new byte[] {9});
        views.put(ViewLayout.manifestKey("log_entries", doomed.toString(), 0), "s3://views/x".getBytes());
        catalog.partitions.put(new Partition("log_entries", doomed.toString(), 0, 1, file, 4, 1, 1, 4, "0".repeat(64),
            Partition.LIVE, NOW.toEpochMilli(), true, List.of()));
        final List<String> otherRawBefore = keys(catalog.rawBucket).stream().filter(k -> k.contains(other.toString())).toList();
        final List<String> otherValuesBefore = everyStoredValue().stream().filter(v -> v.contains(other.toString())).toList();

        final ProcessDeletion.Report dry = deletion().delete(doomed, true);
        assertThat(dry.blocks()).isEqualTo(4);
        assertThat(dry.instancePartitions()).isEqualTo(1);
        assertThat(keys(catalog.rawBucket)).anyMatch(k -> k.contains(doomed.toString()));
        assertThat(catalog.processes.get(doomed)).as("a dry run changes nothing").isPresent();

        final ProcessDeletion.Report report = deletion().delete(doomed, false);
        assertThat(report.blocks()).isEqualTo(4);
        assertThat(report.blockBytes()).isEqualTo(4000);
        assertThat(report.globalMinutes()).isEqualTo(4);

        // scanned, not trusted: S3 and every table
        assertThat(keys(catalog.rawBucket)).noneMatch(k -> k.contains(doomed.toString()));
        assertThat(keys(LocalAws.VIEWS_BUCKET)).noneMatch(k -> k.contains(doomed.toString()));
        final List<String> left = everyStoredValue().stream().filter(v -> v.contains(doomed.toString())).toList();
        // the tombstone (id, key, deadline) and the request to re-derive the global minutes are all that name it
        assertThat(left).allMatch(v -> v.startsWith(aws.tables.processes() + " process_id="));
        assertThat(everyStoredValue()).noneMatch(v -> v.contains("alice@example.com") || v.contains("leaving-customer"));
        assertThat(catalog.partitions.rederiveRequests().values().stream().mapToInt(List::size).sum()).isEqualTo(4);
        // the other process is as it was
        assertThat(keys(catalog.rawBucket).stream().filter(k -> k.contains(other.toString())).toList()).isEqualTo(otherRawBefore);
        assertThat(everyStoredValue().stream().filter(v -> v.contains(other.toString())).toList())
            .containsExactlyInAnyOrderElementsOf(otherValuesBefore);

        // a running uploader re-registers: refused until the tombstone expires, then allowed
        final ProcessInfo again = new ProcessInfo(doomed, "leaving-customer", "alice", "host-1", "Linux", "x86_64", "17", 0,
            1_000_000_000L, 0, null, Map.of());
        assertThat(catalog.processes.register(again, "owner")).isEqualTo(Registration.DELETED);
        assertThat(catalog.processes.get(doomed)).isEmpty();
        // a second run (after the presign expiry) finds nothing more, and is harmless
        assertThat(deletion().delete(doomed, false).blocks()).isZero();
        clock.advance(Duration.ofDays(31));
        assertThat(catalog.processes.register(again, "owner")).isEqualTo(Registration.CREATED);
    }

    @Test
    void theHandlerTakesAProcessIdAndRefusesAnythingElseBeforeAnyWrite() {
        final RetentionHandler handler = new RetentionHandler(null, deletion(), io.lakeobs.functions.core.metrics.Metrics.none());
        aws.requests.clear();
        assertThatThrownBy(() -> handler.handleRequest(Map.of("delete_process", "not-a-uuid"), null))
            .hasMessageContaining("delete_process").hasMessageContaining("not-a-uuid");
        assertThatThrownBy(() -> handler.handleRequest(Map.of("delete_process", UUID.randomUUID().toString()), null))
            .hasMessageContaining("unknown process");
        assertThat(aws.writes()).isZero();
        final UUID process = catalog.process("svc", Map.of());
        final Map<String, Object> out = handler.handleRequest(Map.of("delete_process", process.toString(), "dry_run", true), null);
        assertThat(out).containsEntry("dry_run", true).containsEntry("blocks", 0);
        assertThat(catalog.processes.get(process)).isPresent();
    }
}
