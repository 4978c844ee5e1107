package io.lakeobs.functions.views.parquet;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;

/**
 * One column of a view, declared once: its name and position (from its order of declaration),
 * its Parquet and Athena types, and how it is encoded. The row writers write through these
 * constants, so a position, a type or a name cannot disagree between the schema, the writers and
 * the DDL. Each typed subclass writes only its own kind of value; a write is a start/add/end call
 * on the consumer and allocates nothing.
 */
public abstract sealed class Column permits Column.Text, Column.Int64, Column.Int32, Column.Float64, Column.StringMap,
    Column.StringList {

    /** How a column is stored, besides its type. */
    public enum Trait {
        /** Values (nearly) unique per row: a dictionary would only overflow and fall back, so written plain. */
        UNIQUE,
        /** Queries prune row groups by it: min/max statistics are written (they cost CPU for every value). */
        FILTERED,
        /** May be null (OPTIONAL in Parquet); a writer leaves a null value out. */
        NULLABLE
    }

    private final String name;
    private final int index;
    private final Set<Trait> traits;

    private Column(final String name, final int index, final Trait... traits) {
        this.name = name;
        this.index = index;
        this.traits = traits.length == 0 ? EnumSet.noneOf(Trait.class) : EnumSet.of(traits[0], traits);
    }

    public final String name() {
        return name;
    }

    /** Position among the view's top-level columns. */
    public final int index() {
        return index;
    }

    public final boolean dictionary() {
        return !traits.contains(Trait.UNIQUE);
    }

    public final boolean statistics() {
        return traits.contains(Trait.FILTERED);
    }

    public final boolean nullable() {
        return traits.contains(Trait.NULLABLE);
    }

    public abstract Type parquetType();

    /** The type as Athena (Hive DDL) declares it. */
    public abstract String athenaType();

    final Types.PrimitiveBuilder<? extends Type> primitive(final PrimitiveTypeName type) {
        return nullable() ? Types.optional(type) : Types.required(type);
    }

    @Override
    public final String toString() {
        return name + " " + athenaType();
    }

    /** A UTF-8 string, dictionary encoded unless {@link Trait#UNIQUE}. */
    public static final class Text extends Column {
        Text(final String name, final int index, final Trait... traits) {
            super(name, index, traits);
        }

        /** Writes the value; a null value of a nullable column is left out (null). */
        public void write(final RecordConsumer consumer, final Binary value) {
            if (value == null && nullable()) {
                return;
            }
            consumer.startField(name(), index());
            consumer.addBinary(value);
            consumer.endField(name(), index());
        }

        @Override
        public Type parquetType() {
            return primitive(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name());
        }

        @Override
        public String athenaType() {
            return "string";
        }
    }

    /** A 64-bit integer, or a timestamp in microseconds since the epoch (UTC). */
    public static final class Int64 extends Column {
        private final boolean timestamp;

        Int64(final String name, final int index, final boolean timestamp, final Trait... traits) {
            super(name, index, traits);
            this.timestamp = timestamp;
        }

        public void write(final RecordConsumer consumer, final long value) {
            consumer.startField(name(), index());
            consumer.addLong(value);
            consumer.endField(name(), index());
        }

        @Override
        public Type parquetType() {
            return timestamp ? primitive(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, MICROS)).named(name())
                : primitive(PrimitiveTypeName.INT64).named(name());
        }

        @Override
        public String athenaType() {
            return timestamp ? "timestamp" : "bigint";
        }
    }

    public static final class Int32 extends Column {
        Int32(final String name, final int index, final Trait... traits) {
            super(name, index, traits);
        }

        public void write(final RecordConsumer consumer, final int value) {
            consumer.startField(name(), index());
            consumer.addInteger(value);
            consumer.endField(name(), index());
        }

        @Override
        public Type parquetType() {
            return primitive(PrimitiveTypeName.INT32).named(name());
        }

        @Override
        public String athenaType() {
            return "int";
        }
    }

    public static final class Float64 extends Column {
        Float64(final String name, final int index, final Trait... traits) {
            super(name, index, traits);
        }

        public void write(final RecordConsumer consumer, final double value) {
            consumer.startField(name(), index());
            consumer.addDouble(value);
            consumer.endField(name(), index());
        }

        @Override
        public Type parquetType() {
            return primitive(PrimitiveTypeName.DOUBLE).named(name());
        }

        @Override
        public String athenaType() {
            return "double";
        }
    }

    /** MAP&lt;STRING, STRING&gt; in the standard three-level layout; an empty map is written as an empty map, never null. */
    public static final class StringMap extends Column {
        StringMap(final String name, final int index, final Trait... traits) {
            super(name, index, traits);
        }

        /** Writes the first {@code count} pairs (keys sorted by the caller, so equal maps are equal bytes). */
        public void write(final RecordConsumer consumer, final Binary[] keys, final Binary[] values, final int count) {
            consumer.startField(name(), index());
            consumer.startGroup();
            if (count > 0) {
                consumer.startField("key_value", 0);
                for (int i = 0; i < count; i++) {
                    consumer.startGroup();
                    consumer.startField("key", 0);
                    consumer.addBinary(keys[i]);
                    consumer.endField("key", 0);
                    consumer.startField("value", 1);
                    consumer.addBinary(values[i]);
                    consumer.endField("value", 1);
                    consumer.endGroup();
                }
                consumer.endField("key_value", 0);
            }
            consumer.endGroup();
            consumer.endField(name(), index());
        }

        @Override
        public Type parquetType() {
            return Types.requiredMap()
                .key(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .optionalValue(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .named(name());
        }

        @Override
        public String athenaType() {
            return "map<string,string>";
        }
    }

    /** A list of strings (three-level LIST). */
    public static final class StringList extends Column {
        StringList(final String name, final int index, final Trait... traits) {
            super(name, index, traits);
        }

        public void write(final RecordConsumer consumer, final Binary[] values, final int count) {
            consumer.startField(name(), index());
            consumer.startGroup();
            if (count > 0) {
                consumer.startField("list", 0);
                for (int i = 0; i < count; i++) {
                    consumer.startGroup();
                    consumer.startField("element", 0);
                    consumer.addBinary(values[i]);
                    consumer.endField("element", 0);
                    consumer.endGroup();
                }
                consumer.endField("list", 0);
            }
            consumer.endGroup();
            consumer.endField(name(), index());
        }

        @Override
        public Type parquetType() {
            return Types.requiredList()
                .requiredElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .named(name());
        }

        @Override
        public String athenaType() {
            return "array<string>";
        }
    }

    /**
     * Declares a view's columns in order: each call adds the next column and returns it, so a
     * column's position is its place in the declaration and nothing else.
     */
    public static final class Declarations {
        private final List<Column> columns = new ArrayList<>();
        private boolean closed;

        public Text text(final String name, final Trait... traits) {
            return add(new Text(name, columns.size(), traits));
        }

        public Int64 timestamp(final String name, final Trait... traits) {
            return add(new Int64(name, columns.size(), true, traits));
        }

        public Int64 int64(final String name, final Trait... traits) {
            return add(new Int64(name, columns.size(), false, traits));
        }

        public Int32 int32(final String name, final Trait... traits) {
            return add(new Int32(name, columns.size(), traits));
        }

        public Float64 float64(final String name, final Trait... traits) {
            return add(new Float64(name, columns.size(), traits));
        }

        public StringMap stringMap(final String name, final Trait... traits) {
            return add(new StringMap(name, columns.size(), traits));
        }

        public StringList stringList(final String name, final Trait... traits) {
            return add(new StringList(name, columns.size(), traits));
        }

        /** The columns in order; no column can be added afterwards. */
        public List<Column> close() {
            closed = true;
            return List.copyOf(columns);
        }

        private <C extends Column> C add(final C column) {
            if (closed) {
                throw new IllegalStateException("columns already closed, cannot add " + column.name());
            }
            if (columns.stream().anyMatch(c -> c.name().equals(column.name()))) {
                throw new IllegalArgumentException("duplicate column " + column.name());
            }
            columns.add(column);
            return column;
        }
    }
}
