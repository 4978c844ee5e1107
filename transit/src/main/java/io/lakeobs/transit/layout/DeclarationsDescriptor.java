package io.lakeobs.transit.layout;

/**
 * Binary layout of a stream's type declarations, carried with the stream metadata (base64 in
 * the ingest API's JSON), little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       magic "LKTD"                            |
 *  +-------------------------------+-------------------------------+
 *  |          version              |          type count           |
 *  +-------------------------------+-------------------------------+
 *  |  type: u8 id, u8 role, u8 dynamic, u16 fixed size,            |
 *  |        u8 name length, name, u8 member count, members ...     |
 *  |  member: u8 name length, name, u8 type code, u16 offset,      |
 *  |          u16 size, u8 flags (bit 0: is reference)             |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class DeclarationsDescriptor {
    public static final int MAGIC = 0x44544B4C; // "LKTD" little-endian
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int TYPE_COUNT_OFFSET = 6;
    public static final int TYPES_OFFSET = 8;
    public static final int FLAG_REFERENCE = 1;

    private DeclarationsDescriptor() {
    }
}
