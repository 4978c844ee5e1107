package io.lakeobs.transit.block;

import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.TransitLimits;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.UUID;
import java.util.zip.CRC32C;

import static io.lakeobs.transit.block.BlockHeaderDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A decoded, validated block header: everything the catalog stores about a block.
 *
 * @param compression how both sections are compressed
 * @param objectCount events in the objects section
 * @param processId process that wrote the block
 * @param streamId stream the block belongs to
 * @param blockId unique, fixed across upload retries
 * @param beginTimeNanos wall time at the block's start, ns since the epoch
 * @param endTimeNanos wall time at the block's end; equals the next block's begin
 * @param beginTicks clock ticks since process start at the block's start
 * @param endTicks clock ticks since process start at the block's end
 * @param objectOffset number of events of the stream before this block
 * @param dependenciesCompressedSize bytes of the dependencies section as stored
 * @param dependenciesSize bytes of the dependencies section once decompressed
 * @param objectsCompressedSize bytes of the objects section as stored
 * @param objectsSize bytes of the objects section once decompressed
 * @param summary counts for tail sampling
 * @param payloadChecksum CRC32C of both sections as stored
 */
public record BlockHeader(Compression compression, int objectCount, UUID processId, UUID streamId, UUID blockId,
                          long beginTimeNanos, long endTimeNanos, long beginTicks, long endTicks, long objectOffset,
                          int dependenciesCompressedSize, int dependenciesSize,
                          int objectsCompressedSize, int objectsSize,
                          BlockSummary summary, int payloadChecksum) {

    /** Total block length: header plus both compressed sections. */
    public long blockLength() {
        return (long) HEADER_LENGTH + dependenciesCompressedSize + objectsCompressedSize;
    }

    /** Writes this header at {@code index}, computing the header checksum. */
    public void encode(final MutableDirectBuffer buffer, final int index) {
        buffer.setMemory(index, HEADER_LENGTH, (byte) 0);
        buffer.putInt(index + MAGIC_OFFSET, MAGIC, LITTLE_ENDIAN);
        buffer.putShort(index + VERSION_OFFSET, (short) VERSION, LITTLE_ENDIAN);
        buffer.putShort(index + HEADER_LENGTH_OFFSET, (short) HEADER_LENGTH, LITTLE_ENDIAN);
        buffer.putByte(index + COMPRESSION_OFFSET, (byte) compression.code());
        buffer.putInt(index + OBJECT_COUNT_OFFSET, objectCount, LITTLE_ENDIAN);
        putUuid(buffer, index + PROCESS_ID_OFFSET, processId);
        putUuid(buffer, index + STREAM_ID_OFFSET, streamId);
        putUuid(buffer, index + BLOCK_ID_OFFSET, blockId);
        buffer.putLong(index + BEGIN_TIME_OFFSET, beginTimeNanos, LITTLE_ENDIAN);
        buffer.putLong(index + END_TIME_OFFSET, endTimeNanos, LITTLE_ENDIAN);
        buffer.putLong(index + BEGIN_TICKS_OFFSET, beginTicks, LITTLE_ENDIAN);
        buffer.putLong(index + END_TICKS_OFFSET, endTicks, LITTLE_ENDIAN);
        buffer.putLong(index + OBJECT_OFFSET_OFFSET, objectOffset, LITTLE_ENDIAN);
        buffer.putInt(index + DEPENDENCIES_COMPRESSED_OFFSET, dependenciesCompressedSize, LITTLE_ENDIAN);
        buffer.putInt(index + DEPENDENCIES_SIZE_OFFSET, dependenciesSize, LITTLE_ENDIAN);
        buffer.putInt(index + OBJECTS_COMPRESSED_OFFSET, objectsCompressedSize, LITTLE_ENDIAN);
        buffer.putInt(index + OBJECTS_SIZE_OFFSET, objectsSize, LITTLE_ENDIAN);
        buffer.putInt(index + LOG_COUNT_OFFSET, summary.logCount(), LITTLE_ENDIAN);
        buffer.putInt(index + METRIC_COUNT_OFFSET, summary.metricCount(), LITTLE_ENDIAN);
        buffer.putInt(index + SPAN_COUNT_OFFSET, summary.spanCount(), LITTLE_ENDIAN);
        buffer.putInt(index + OTHER_COUNT_OFFSET, summary.otherCount(), LITTLE_ENDIAN);
        buffer.putInt(index + ERROR_COUNT_OFFSET, summary.errorCount(), LITTLE_ENDIAN);
        buffer.putByte(index + MAX_LEVEL_OFFSET, (byte) summary.maxLevel());
        buffer.putInt(index + PAYLOAD_CHECKSUM_OFFSET, payloadChecksum, LITTLE_ENDIAN);
        buffer.putInt(index + HEADER_CHECKSUM_OFFSET, checksum(buffer, index, HEADER_CHECKSUM_OFFSET), LITTLE_ENDIAN);
    }

    /**
     * Reads and validates a header from untrusted bytes: magic, version, header checksum, sizes
     * within {@link TransitLimits}, a consistent summary. The payload is not checked here (the
     * indexer sees only the header); {@link BlockReader} checks it.
     *
     * @param available bytes readable from {@code index}; at least {@link BlockHeaderDescriptor#HEADER_LENGTH}
     */
    public static BlockHeader decode(final DirectBuffer buffer, final int index, final int available) {
        if (available < HEADER_LENGTH) {
            throw new TransitFormatException("block shorter than its header: " + available + " bytes");
        }
        if (buffer.getInt(index + MAGIC_OFFSET, LITTLE_ENDIAN) != MAGIC) {
            throw new TransitFormatException("not a transit block: bad magic");
        }
        final int version = buffer.getShort(index + VERSION_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        if (version < OLDEST_READABLE_VERSION || version > VERSION) {
            throw new TransitFormatException("unsupported block version " + version);
        }
        final int headerLength = buffer.getShort(index + HEADER_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        if (headerLength != HEADER_LENGTH) {
            throw new TransitFormatException("bad header length " + headerLength);
        }
        if (buffer.getInt(index + HEADER_CHECKSUM_OFFSET, LITTLE_ENDIAN) != checksum(buffer, index, HEADER_CHECKSUM_OFFSET)) {
            throw new TransitFormatException("header checksum mismatch");
        }
        final Compression compression = Compression.fromCode(buffer.getByte(index + COMPRESSION_OFFSET) & 0xFF);
        final int objectCount = buffer.getInt(index + OBJECT_COUNT_OFFSET, LITTLE_ENDIAN);
        final int dependenciesCompressed = buffer.getInt(index + DEPENDENCIES_COMPRESSED_OFFSET, LITTLE_ENDIAN);
        final int dependenciesSize = buffer.getInt(index + DEPENDENCIES_SIZE_OFFSET, LITTLE_ENDIAN);
        final int objectsCompressed = buffer.getInt(index + OBJECTS_COMPRESSED_OFFSET, LITTLE_ENDIAN);
        final int objectsSize = buffer.getInt(index + OBJECTS_SIZE_OFFSET, LITTLE_ENDIAN);
        checkSection("dependencies", compression, dependenciesCompressed, dependenciesSize);
        checkSection("objects", compression, objectsCompressed, objectsSize);
        if (!((long) HEADER_LENGTH + dependenciesCompressed + objectsCompressed <= TransitLimits.MAX_BLOCK_BYTES)) {
            throw new TransitFormatException("block larger than " + TransitLimits.MAX_BLOCK_BYTES + " bytes");
        }
        if (!(objectCount >= 0 && objectCount <= objectsSize)) {
            throw new TransitFormatException("object count " + objectCount + " impossible for " + objectsSize
                + " section bytes");
        }
        final BlockSummary summary = new BlockSummary(
            buffer.getInt(index + LOG_COUNT_OFFSET, LITTLE_ENDIAN), buffer.getInt(index + METRIC_COUNT_OFFSET, LITTLE_ENDIAN),
            buffer.getInt(index + SPAN_COUNT_OFFSET, LITTLE_ENDIAN), buffer.getInt(index + OTHER_COUNT_OFFSET, LITTLE_ENDIAN),
            buffer.getInt(index + ERROR_COUNT_OFFSET, LITTLE_ENDIAN), buffer.getByte(index + MAX_LEVEL_OFFSET) & 0xFF);
        if (summary.logCount() < 0 || summary.metricCount() < 0 || summary.spanCount() < 0 || summary.otherCount() < 0
            || (long) summary.logCount() + summary.metricCount() + summary.spanCount() + summary.otherCount() != objectCount) {
            throw new TransitFormatException("summary counts do not add up to the object count");
        }
        if (!(summary.errorCount() >= 0 && summary.errorCount() <= summary.logCount())) {
            throw new TransitFormatException("error count exceeds log count");
        }
        final long beginTime = buffer.getLong(index + BEGIN_TIME_OFFSET, LITTLE_ENDIAN);
        final long endTime = buffer.getLong(index + END_TIME_OFFSET, LITTLE_ENDIAN);
        final long beginTicks = buffer.getLong(index + BEGIN_TICKS_OFFSET, LITTLE_ENDIAN);
        final long endTicks = buffer.getLong(index + END_TICKS_OFFSET, LITTLE_ENDIAN);
        if (endTime < beginTime) {
            throw new TransitFormatException("block ends before it begins");
        }
        if (endTicks < beginTicks) {
            throw new TransitFormatException("block end ticks before begin ticks");
        }
        final long objectOffset = buffer.getLong(index + OBJECT_OFFSET_OFFSET, LITTLE_ENDIAN);
        if (objectOffset < 0) {
            throw new TransitFormatException("negative object offset");
        }
        return new BlockHeader(compression, objectCount,
            getUuid(buffer, index + PROCESS_ID_OFFSET), getUuid(buffer, index + STREAM_ID_OFFSET),
            getUuid(buffer, index + BLOCK_ID_OFFSET), beginTime, endTime, beginTicks, endTicks, objectOffset,
            dependenciesCompressed, dependenciesSize, objectsCompressed, objectsSize, summary,
            buffer.getInt(index + PAYLOAD_CHECKSUM_OFFSET, LITTLE_ENDIAN));
    }

    private static void checkSection(final String name, final Compression compression, final int compressed, final int size) {
        if (!(compressed >= 0 && size >= 0)) {
            throw new TransitFormatException(name + " section has a negative size");
        }
        if (size > TransitLimits.MAX_SECTION_UNCOMPRESSED) {
            throw new TransitFormatException(name + " section inflates beyond " + TransitLimits.MAX_SECTION_UNCOMPRESSED
                + " bytes");
        }
        if (compression == Compression.NONE && compressed != size) {
            throw new TransitFormatException(name + " section: stored and uncompressed sizes differ without compression");
        }
        if (size == 0 && compressed != 0) {
            throw new TransitFormatException(name + " section: empty but stored bytes present");
        }
        if (size > compression.maxInflatedLength(compressed)) {
            throw new TransitFormatException(name + " section: " + compressed + " stored bytes cannot inflate to " + size
                + " with " + compression);
        }
    }

    static int checksum(final DirectBuffer buffer, final int index, final int length) {
        final CRC32C crc = new CRC32C();
        final byte[] array = buffer.byteArray();
        if (array != null) {
            crc.update(array, buffer.wrapAdjustment() + index, length);
        } else {
            final java.nio.ByteBuffer view = buffer.byteBuffer().duplicate();
            view.limit(buffer.wrapAdjustment() + index + length).position(buffer.wrapAdjustment() + index);
            crc.update(view);
        }
        return (int) crc.getValue();
    }

    private static void putUuid(final MutableDirectBuffer buffer, final int index, final UUID id) {
        buffer.putLong(index, id.getMostSignificantBits(), LITTLE_ENDIAN);
        buffer.putLong(index + 8, id.getLeastSignificantBits(), LITTLE_ENDIAN);
    }

    private static UUID getUuid(final DirectBuffer buffer, final int index) {
        return new UUID(buffer.getLong(index, LITTLE_ENDIAN), buffer.getLong(index + 8, LITTLE_ENDIAN));
    }
}
