package io.lakeobs.transit.block;

import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.layout.TypeDeclaration;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.IntArrayList;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/** Dependency id to position in the decoded dependencies section; reused across blocks. */
final class DependencyIndex {
    private final Int2IntHashMap slotById = new Int2IntHashMap(-1);
    private final IntArrayList bodyOffsets = new IntArrayList();
    private final IntArrayList bodyLengths = new IntArrayList();
    private final java.util.ArrayList<TypeDeclaration> types = new java.util.ArrayList<>();
    private DirectBuffer buffer;

    void reset(final DirectBuffer buffer) {
        this.buffer = buffer;
        slotById.clear();
        bodyOffsets.clear();
        bodyLengths.clear();
        types.clear();
    }

    void add(final TypeDeclaration type, final int bodyOffset, final int bodyLength) {
        final int id = buffer.getInt(bodyOffset, LITTLE_ENDIAN);
        if (slotById.put(id, types.size()) != -1) {
            throw new TransitFormatException("dependency id " + id + " appears twice");
        }
        types.add(type);
        bodyOffsets.addInt(bodyOffset);
        bodyLengths.addInt(bodyLength);
    }

    boolean contains(final int id) {
        return slotById.get(id) != -1;
    }

    int size() {
        return types.size();
    }

    boolean wrap(final int id, final ObjectView target) {
        final int slot = slotById.get(id);
        if (slot == -1) {
            return false;
        }
        target.wrap(buffer, types.get(slot), bodyOffsets.getInt(slot), bodyLengths.getInt(slot), this);
        return true;
    }
}
