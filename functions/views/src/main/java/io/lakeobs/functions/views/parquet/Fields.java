package io.lakeobs.functions.views.parquet;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes one field of the current record; the index is the field's position in the schema. */
public final class Fields {
    private Fields() {
    }

    public static void string(final RecordConsumer consumer, final String name, final int index, final Binary value) {
        consumer.startField(name, index);
        consumer.addBinary(value);
        consumer.endField(name, index);
    }

    public static void int64(final RecordConsumer consumer, final String name, final int index, final long value) {
        consumer.startField(name, index);
        consumer.addLong(value);
        consumer.endField(name, index);
    }

    public static void int32(final RecordConsumer consumer, final String name, final int index, final int value) {
        consumer.startField(name, index);
        consumer.addInteger(value);
        consumer.endField(name, index);
    }

    public static void float64(final RecordConsumer consumer, final String name, final int index, final double value) {
        consumer.startField(name, index);
        consumer.addDouble(value);
        consumer.endField(name, index);
    }

    /** A MAP&lt;STRING, STRING&gt; in the standard three-level layout; an empty map is written as an empty map. */
    public static void map(final RecordConsumer consumer, final String name, final int index, final Binary[] keys,
                           final Binary[] values, final int count) {
        consumer.startField(name, index);
        consumer.startGroup();
        if (count > 0) {
            consumer.startField("key_value", 0);
            for (int i = 0; i < count; i++) {
                consumer.startGroup();
                string(consumer, "key", 0, keys[i]);
                string(consumer, "value", 1, values[i]);
                consumer.endGroup();
            }
            consumer.endField("key_value", 0);
        }
        consumer.endGroup();
        consumer.endField(name, index);
    }

    /** A list of strings (three-level LIST). */
    public static void stringList(final RecordConsumer consumer, final String name, final int index, final Binary[] values,
                                  final int count) {
        consumer.startField(name, index);
        consumer.startGroup();
        if (count > 0) {
            consumer.startField("list", 0);
            for (int i = 0; i < count; i++) {
                consumer.startGroup();
                string(consumer, "element", 0, values[i]);
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
        consumer.endField(name, index);
    }
}
