package io.lakeobs.transit.testing;

import io.lakeobs.transit.telemetry.EventEncoder;
import org.agrona.MutableDirectBuffer;

/** One log argument as a test writes it; {@link #expected()} is how the reader must show it. */
public sealed interface Argument {
    int write(MutableDirectBuffer buffer, int index);

    int bound();

    String expected();

    record I64(long value) implements Argument {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.putLongArgument(buffer, index, value);
        }

        public int bound() {
            return EventEncoder.PRIMITIVE_ARGUMENT_LENGTH;
        }

        public String expected() {
            return "i64:" + value;
        }
    }

    record F64(double value) implements Argument {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.putDoubleArgument(buffer, index, value);
        }

        public int bound() {
            return EventEncoder.PRIMITIVE_ARGUMENT_LENGTH;
        }

        public String expected() {
            return "f64:" + Lines.number(value);
        }
    }

    record Bool(boolean value) implements Argument {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.putBooleanArgument(buffer, index, value);
        }

        public int bound() {
            return EventEncoder.PRIMITIVE_ARGUMENT_LENGTH;
        }

        public String expected() {
            return "bool:" + value;
        }
    }

    /** A null value is written with the null tag. */
    record Text(String value) implements Argument {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.putStringArgument(buffer, index, value);
        }

        public int bound() {
            return EventEncoder.stringArgumentBound(value);
        }

        public String expected() {
            return value == null ? "null" : "utf8:" + Lines.quote(value);
        }
    }
}
