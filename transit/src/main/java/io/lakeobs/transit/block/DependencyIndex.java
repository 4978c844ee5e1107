package io.lakeobs.transit.block;

import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.layout.TypeDeclaration;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.IntArrayList;

import java.util.ArrayList;
import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Dependency id to position in the decoded dependencies section; reused across blocks. Every
 * event's references are looked up here, so small ids (writers number dependencies from 1) use
 * a direct array whose entries are valid only for the current block's stamp (no clearing per
 * block); other ids fall back to a hash map.
 */
final class DependencyIndex {
    /** Ids below this are indexed directly; the arrays grow up to it as ids are seen. */
    private static final int DIRECT_IDS = 1 << 16;

    private final Int2IntHashMap slotById = new Int2IntHashMap(-1);
    private final IntArrayList bodyOffsets = new IntArrayList();
    private final IntArrayList bodyLengths = new IntArrayList();
    private final ArrayList<TypeDeclaration> types = new ArrayList<>();
    private int[] directSlots = new int[256];
    private int[] directStamps = new int[256];
    private int stamp = 1;
    private DirectBuffer buffer;

    void reset(final DirectBuffer buffer) {
        this.buffer = buffer;
        if (++stamp == 0) {
            Arrays.fill(directStamps, 0);
            stamp = 1;
        }
        slotById.clear();
        bodyOffsets.clear();
        bodyLengths.clear();
        types.clear();
    }

    void add(final TypeDeclaration type, final int bodyOffset, final int bodyLength) {
        final int id = buffer.getInt(bodyOffset, LITTLE_ENDIAN);
        if (slot(id) != -1) {
            throw new TransitFormatException("dependency id " + id + " appears twice");
        }
        final int slot = types.size();
        if (id >= 0 && id < DIRECT_IDS) {
            if (id >= directSlots.length) {
                final int length = Math.min(DIRECT_IDS, Integer.highestOneBit(id) << 1);
                directSlots = Arrays.copyOf(directSlots, length);
                directStamps = Arrays.copyOf(directStamps, length);
            }
            directSlots[id] = slot;
            directStamps[id] = stamp;
        } else {
            slotById.put(id, slot);
        }
        types.add(type);
        bodyOffsets.addInt(bodyOffset);
        bodyLengths.addInt(bodyLength);
    }

    boolean contains(final int id) {
        return slot(id) != -1;
    }

    int size() {
        return types.size();
    }

    boolean wrap(final int id, final ObjectView target) {
        final int slot = slot(id);
        if (slot == -1) {
            return false;
        }
        target.wrap(buffer, types.get(slot), bodyOffsets.getInt(slot), bodyLengths.getInt(slot), this);
        return true;
    }

    private int slot(final int id) {
        if (id >= 0 && id < DIRECT_IDS) {
            return id < directSlots.length && directStamps[id] == stamp ? directSlots[id] : -1;
        }
        return slotById.get(id);
    }
}
