package io.lakeobs.transit.testing;

import io.lakeobs.transit.telemetry.EventDescriptor;
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
            return EventDescriptor.PRIMITIVE_ARGUMENT_LENGTH;
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
            return EventDescriptor.PRIMITIVE_ARGUMENT_LENGTH;
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
            return EventDescriptor.PRIMITIVE_ARGUMENT_LENGTH;
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

    record F32(float value) implements Argument {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.putFloatArgument(buffer, index, value);
        }

        public int bound() {
            return EventDescriptor.FLOAT_ARGUMENT_LENGTH;
        }

        public String expected() {
            return "f32:" + (Float.isNaN(value) ? "NaN#" + Integer.toHexString(Float.floatToRawIntBits(value)) : Float.toString(value));
        }
    }

    record Char(char value) implements Argument {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.putCharArgument(buffer, index, value);
        }

        public int bound() {
            return EventDescriptor.CHAR_ARGUMENT_LENGTH;
        }

        public String expected() {
            return "char:" + (int) value;
        }
    }

    /** A string the writer cut to its limit. */
    record Cut(String value) implements Argument {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.putStringArgument(buffer, index, value, true);
        }

        public int bound() {
            return EventEncoder.stringArgumentBound(value);
        }

        public String expected() {
            return "cut:" + Lines.quote(value);
        }
    }
}
