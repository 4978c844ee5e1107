package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.parquet.ParquetRow;
import io.lakeobs.functions.views.parquet.RowSink;
import io.lakeobs.transit.telemetry.MeasureEvent;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

import static io.lakeobs.functions.views.View.Measures.*;

/** measures rows: one per metric event; property sets are encoded once per block (by identity). */
final class MeasuresRows implements ParquetRow {
    private final RowSink file;
    private final BlockContext context;
    private final IdentityHashMap<Map<String, String>, Binary[][]> propertySets = new IdentityHashMap<>();
    private MeasureEvent measure;

    MeasuresRows(final RowSink file, final BlockContext context) {
        this.file = file;
        this.context = context;
    }

    void startBlock() {
        propertySets.clear();
    }

    void onMeasure(final MeasureEvent event) {
        measure = event;
        file.write(this);
    }

    @Override
    public void writeTo(final RecordConsumer consumer) {
        final BlockContext c = context;
        final long nanos = c.clock.toNanos(measure.ticks());
        c.writeOrigin(consumer, ORIGIN, nanos);
        TARGET.write(consumer, c.cache.get(measure.target()));
        NAME.write(consumer, c.cache.get(measure.name()));
        UNIT.write(consumer, c.cache.get(measure.unit()));
        VALUE.write(consumer, measure.value());
        final Binary[][] properties = properties(measure.properties());
        PROPERTIES.write(consumer, properties[0], properties[1], properties[0].length);
        PROCESS_PROPERTIES.write(consumer, c.processKeys, c.processValues, c.processKeys.length);
    }

    private Binary[][] properties(final Map<String, String> properties) {
        Binary[][] encoded = propertySets.get(properties);
        if (encoded == null) {
            final TreeMap<String, String> sorted = new TreeMap<>(properties);
            encoded = new Binary[2][sorted.size()];
            int i = 0;
            for (final Map.Entry<String, String> entry : sorted.entrySet()) {
                encoded[0][i] = context.cache.get(entry.getKey());
                encoded[1][i++] = context.cache.get(entry.getValue());
            }
            propertySets.put(properties, encoded);
        }
        return encoded;
    }
}
