package io.lakeobs.functions.views;

import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.lakeobs.functions.views.TestBlocks.START_TICKS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalog from before stream ownership may hold one stream id in two processes: the views keep
 * them apart (each block with its own process's stream, on-demand ETL of one process only).
 */
class StreamCollisionTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final long DAY = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
    private final UUID first = new UUID(7, 1);
    private final UUID second = new UUID(7, 2);
    private final UUID stream = new UUID(8, 1);
    private final MutableClock clock = new MutableClock(T0);
    @TempDir
    Path directory;
    private LocalAws aws;
    private Seeder seed;
    private DuckDb duck;
    private ViewStore views;

    @BeforeEach
    void start() throws Exception {
        aws = new LocalAws();
        seed = new Seeder(aws, clock);
        duck = new DuckDb();
        views = new ViewStore(aws.s3, LocalAws.VIEWS_BUCKET);
        seed.process(first, "first.jar");
        seed.process(second, "second.jar");
        seed.stream(stream, first, "alpha");
        // the second process's stream item, as an old catalog holds it (no ownership check at the time)
        final String table = aws.tables.streams();
        final Map<String, AttributeValue> item = new HashMap<>(aws.dynamoDb.getItem(b -> b.tableName(table).key(Map.of(
            "process_id", AttributeValue.fromS(first.toString()), "stream_id", AttributeValue.fromS(stream.toString())))).item());
        item.put("process_id", AttributeValue.fromS(second.toString()));
        item.put("properties", AttributeValue.fromM(Map.of("thread-name", AttributeValue.fromS("beta"))));
        aws.dynamoDb.putItem(b -> b.tableName(table).item(item));
        logBlock(first, 3, 0, T0.plusSeconds(10));
        logBlock(second, 5, 100, T0.plusSeconds(20));
    }

    @AfterEach
    void stop() throws Exception {
        duck.close();
        aws.close();
    }

    @Test
    void eachBlockIsReadWithItsOwnProcessStream() throws Exception {
        clock.set(T0.plus(Duration.ofMinutes(5)));
        runtime().global().run();

        assertThat(rows("streams", ViewLayout.GLOBAL, DAY,
            "SELECT DISTINCT process_id, map_extract(properties, 'thread-name')[1] FROM %s ORDER BY 1"))
            .containsExactly(first + "|alpha", second + "|beta");
        assertThat(rows("log_entries", ViewLayout.GLOBAL, DAY, "SELECT exe, count(*) FROM %s GROUP BY exe ORDER BY exe"))
            .containsExactly("first.jar|3", "second.jar|5");
    }

    @Test
    void onDemandEtlOfOneProcessNeverTakesTheOtherProcessBlocks() throws Exception {
        final long from = TestBlocks.START_TIME / 1_000_000;
        runtime().onDemand().run(new OnDemandEtl.Request(first, null, from, from + 60_000));
        runtime().onDemand().run(new OnDemandEtl.Request(second, stream, from, from + 60_000));

        assertThat(rows("log_entries", first.toString(), 0, "SELECT process_id, count(*) FROM %s GROUP BY ALL"))
            .containsExactly(first + "|3");
        assertThat(rows("log_entries", stream.toString(), 0, "SELECT process_id, count(*) FROM %s GROUP BY ALL"))
            .containsExactly(second + "|5");
    }

    private ViewsRuntime runtime() {
        return new ViewsRuntime(aws.s3, aws.dynamoDb, new ViewsConfig(aws.tables, LocalAws.RAW_BUCKET, LocalAws.VIEWS_BUCKET,
            ViewsConfig.Policy.ALL, Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(15), 2000, 64L << 20,
            Duration.ofHours(1), ParquetSettings.DEFAULT, 128L << 20), clock, io.lakeobs.functions.core.retention.Deadlines.defaults());
    }

    private void logBlock(final UUID process, final int count, final long offset, final Instant inserted) {
        final TestBlocks.Builder builder = new TestBlocks.Builder();
        for (int i = 0; i < count; i++) {
            builder.logArgs(START_TICKS + offset + i, i, "x");
        }
        seed.block(builder.encode(process, stream, offset, inserted.toEpochMilli()), inserted.toEpochMilli());
    }

    /** {@code sql} with %s replaced by the files the instance's manifest of {@code day} lists. */
    private List<String> rows(final String view, final String instance, final long day, final String sql) throws Exception {
        final List<String> files = new ArrayList<>();
        for (final String key : views.readManifest(ViewLayout.manifestKey(view, instance, day))) {
            files.add("'" + DuckDb.file(directory, "f" + files.size() + view + instance + ".parquet",
                views.get(key).orElseThrow()) + "'");
        }
        assertThat(files).as("files of %s#%s", view, instance).isNotEmpty();
        return duck.rows(String.format(sql, "read_parquet([" + String.join(",", files) + "])"));
    }
}
