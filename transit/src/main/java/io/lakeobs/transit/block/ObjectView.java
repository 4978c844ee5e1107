package io.lakeobs.transit.block;

import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.layout.TypeDeclaration;
import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A reusable flyweight over one object of a decoded section: its type and where its body lies.
 * Fixed members are read at {@code bodyOffset() + member.offset()}; variable members through
 * {@link #variableOffset(int)}. Valid only during the callback that received it.
 */
public final class ObjectView {
    private DirectBuffer buffer;
    private TypeDeclaration type;
    private int bodyOffset;
    private int bodyLength;
    private DependencyIndex dependencies;

    void wrap(final DirectBuffer buffer, final TypeDeclaration type, final int bodyOffset, final int bodyLength,
              final DependencyIndex dependencies) {
        this.buffer = buffer;
        this.type = type;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
        this.dependencies = dependencies;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public TypeDeclaration type() {
        return type;
    }

    public int bodyOffset() {
        return bodyOffset;
    }

    public int bodyLength() {
        return bodyLength;
    }

    public int u8(final int offset) {
        return buffer.getByte(bodyOffset + offset) & 0xFF;
    }

    public int i32(final int offset) {
        return buffer.getInt(bodyOffset + offset, LITTLE_ENDIAN);
    }

    public long i64(final int offset) {
        return buffer.getLong(bodyOffset + offset, LITTLE_ENDIAN);
    }

    public double f64(final int offset) {
        return buffer.getDouble(bodyOffset + offset, LITTLE_ENDIAN);
    }

    /**
     * Absolute offset of the content of the {@code ordinal}-th variable member (after its u32
     * length); its length is {@link #variableLength(int)}. The walker has already checked that
     * every variable member lies inside the object.
     */
    public int variableOffset(final int ordinal) {
        int index = bodyOffset + type.fixedSize();
        for (int i = 0; i < ordinal; i++) {
            index += 4 + buffer.getInt(index, LITTLE_ENDIAN);
        }
        return index + 4;
    }

    public int variableLength(final int ordinal) {
        return buffer.getInt(variableOffset(ordinal) - 4, LITTLE_ENDIAN);
    }

    /**
     * Wraps {@code target} over the dependency with that id.
     *
     * @throws TransitFormatException when the block holds no such dependency
     */
    public ObjectView dependency(final int id, final ObjectView target) {
        if (!dependencies.wrap(id, target)) {
            throw new TransitFormatException("reference to dependency " + id + " missing from the block");
        }
        return target;
    }
}
