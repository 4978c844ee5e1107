package io.lakeobs.transit.block;

/**
 * Byte layout of a block header, version 1, little-endian, {@value #HEADER_LENGTH} bytes. The
 * indexer reads only this with a ranged GET; the tail-sampling summary lives here so a keep
 * decision never needs the payload.
 *
 * <pre>
 *    0 +-------------------+-------------+-----------+----------+---------------------+
 *      | magic "LKTB" u32  | version u16 | hdrLen u16| compr u8 | flags u8 | rsv u16  |
 *   12 +-------------------+----------------------------------------------------------+
 *      | object count u32  |
 *   16 +-------------------+----------------------------------------------------------+
 *      | process id (UUID: msb i64, lsb i64)                                          |
 *   32 | stream id  (UUID)                                                            |
 *   48 | block id   (UUID)                                                            |
 *   64 | begin time i64 (ns since epoch, UTC)  | 72 end time i64                      |
 *   80 | begin ticks i64 (since process start) | 88 end ticks i64                     |
 *   96 | object offset i64 (objects of the stream before this block)                  |
 *  104 | deps compressed u32 | deps size u32 | objs compressed u32 | objs size u32    |
 *  120 | log count u32 | metric count u32 | span count u32 | other count u32          |
 *  136 | error count u32 | max level u8 | rsv 3 | payload crc32c u32 | rsv u32        |
 *  152 | rsv u32 | header crc32c u32 (over bytes 0..155)                              |
 *  160 +-------------------------------------------------------------------------------+
 *      | dependencies section (compressed) | objects section (compressed)            |
 *      +-------------------------------------------------------------------------------+
 * </pre>
 */
public final class BlockHeaderDescriptor {
    public static final int MAGIC = 0x42544B4C; // "LKTB" little-endian
    /** The version written: 2 adds the argument tags f32, char and cut utf8 and the log_record event (docs/transit-format.md §7). */
    public static final int VERSION = 2;
    /** Blocks of version 1 are still read: their payloads are a subset of version 2's. */
    public static final int OLDEST_READABLE_VERSION = 1;
    public static final int HEADER_LENGTH = 160;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int HEADER_LENGTH_OFFSET = 6;
    public static final int COMPRESSION_OFFSET = 8;
    public static final int FLAGS_OFFSET = 9;
    public static final int OBJECT_COUNT_OFFSET = 12;
    public static final int PROCESS_ID_OFFSET = 16;
    public static final int STREAM_ID_OFFSET = 32;
    public static final int BLOCK_ID_OFFSET = 48;
    public static final int BEGIN_TIME_OFFSET = 64;
    public static final int END_TIME_OFFSET = 72;
    public static final int BEGIN_TICKS_OFFSET = 80;
    public static final int END_TICKS_OFFSET = 88;
    public static final int OBJECT_OFFSET_OFFSET = 96;
    public static final int DEPENDENCIES_COMPRESSED_OFFSET = 104;
    public static final int DEPENDENCIES_SIZE_OFFSET = 108;
    public static final int OBJECTS_COMPRESSED_OFFSET = 112;
    public static final int OBJECTS_SIZE_OFFSET = 116;
    public static final int LOG_COUNT_OFFSET = 120;
    public static final int METRIC_COUNT_OFFSET = 124;
    public static final int SPAN_COUNT_OFFSET = 128;
    public static final int OTHER_COUNT_OFFSET = 132;
    public static final int ERROR_COUNT_OFFSET = 136;
    public static final int MAX_LEVEL_OFFSET = 140;
    public static final int PAYLOAD_CHECKSUM_OFFSET = 144;
    public static final int HEADER_CHECKSUM_OFFSET = 156;

    private BlockHeaderDescriptor() {
    }

    /** Offset of the dependencies section. */
    public static int dependenciesOffset() {
        return HEADER_LENGTH;
    }

    /** Offset of the objects section, after the compressed dependencies. */
    public static int objectsOffset(final int dependenciesCompressedSize) {
        return HEADER_LENGTH + dependenciesCompressedSize;
    }
}
