package io.lakeobs.transit.testing;

import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockHeaderDescriptor;
import io.lakeobs.transit.block.BlockSummary;
import io.lakeobs.transit.block.Compression;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;

/**
 * Builds blocks that no honest encoder would write (undeclared types, dangling references,
 * lying sizes, bombs) with valid checksums, so tests reach the reader's structural checks.
 */
public final class BlockForge {
    private BlockForge() {
    }

    /** A block of already-stored sections with whatever sizes and counts the header should claim. */
    public static byte[] block(final Compression compression, final byte[] dependenciesStored, final int dependenciesSize,
                               final byte[] objectsStored, final int objectsSize, final int objectCount,
                               final BlockSummary summary) {
        final int length = BlockHeaderDescriptor.HEADER_LENGTH + dependenciesStored.length + objectsStored.length;
        final byte[] block = new byte[length];
        System.arraycopy(dependenciesStored, 0, block, BlockHeaderDescriptor.HEADER_LENGTH, dependenciesStored.length);
        System.arraycopy(objectsStored, 0, block, BlockHeaderDescriptor.HEADER_LENGTH + dependenciesStored.length,
            objectsStored.length);
        final CRC32C crc = new CRC32C();
        crc.update(block, BlockHeaderDescriptor.HEADER_LENGTH, length - BlockHeaderDescriptor.HEADER_LENGTH);
        final BlockHeader header = new BlockHeader(compression, objectCount, ModelStream.PROCESS_ID, ModelStream.STREAM_ID,
            ModelStream.blockId(0), ModelStream.BASE_TIME_NANOS, ModelStream.BASE_TIME_NANOS + 1, 0, 1000, 0,
            dependenciesStored.length, dependenciesSize, objectsStored.length, objectsSize, summary, (int) crc.getValue());
        header.encode(new UnsafeBuffer(block), 0);
        return block;
    }

    /** An uncompressed block of raw sections; the summary counts every event as "other". */
    public static byte[] plain(final byte[] dependencies, final byte[] objects, final int objectCount) {
        return block(Compression.NONE, dependencies, dependencies.length, objects, objects.length, objectCount,
            new BlockSummary(0, 0, 0, objectCount, 0, 0));
    }

    /** {@code src} compressed with {@code compression}, exactly sized. */
    public static byte[] compress(final Compression compression, final byte[] src) {
        final byte[] out = new byte[compression.maxCompressedLength(src.length)];
        final int length = compression.compress(src, src.length, out, 0);
        return java.util.Arrays.copyOf(out, length);
    }

    public static byte[] concat(final byte[]... parts) {
        int length = 0;
        for (final byte[] part : parts) {
            length += part.length;
        }
        final byte[] out = new byte[length];
        int at = 0;
        for (final byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
