package io.lakeobs.transit.layout;

/**
 * Framing of one object inside a section (and inside a tracing buffer, which holds the same
 * bytes). Fixed-size types carry no length: the declarations give it. Dynamic types carry their
 * body length, so a reader can always skip an object it does not understand.
 *
 * <pre>
 *  fixed:    [u8 typeId][fixedSize bytes]
 *  dynamic:  [u8 typeId][u32 bodyLength][fixed part][variable members...]
 *  variable member (UTF8, BYTES, ARGUMENTS, PROPERTIES): [u32 length][length bytes]
 *  ARGUMENTS content:  [u8 count] then per argument [u8 tag][value]
 *                      tags: 1 i64 (8 bytes), 2 f64 (8), 3 bool (1), 4 utf8 ([u32 len][bytes]), 5 null (0),
 *                      since version 2: 6 f32 (4), 7 char (u16, 2), 8 cut utf8 ([u32 len][bytes], a truncated string)
 *  PROPERTIES content: [u8 count] then per entry [u32 len][key utf8][u32 len][value utf8]
 * </pre>
 */
public final class ObjectDescriptor {
    public static final int TYPE_LENGTH = 1;
    public static final int LENGTH_FIELD_LENGTH = 4;
    /** Header of a dynamic object: type byte and body length. */
    public static final int DYNAMIC_HEADER_LENGTH = TYPE_LENGTH + LENGTH_FIELD_LENGTH;
    /** Type id 0 never names a type; tracing buffers use it as end-of-data padding. */
    public static final int PADDING_TYPE_ID = 0;

    public static final int ARG_I64 = 1;
    public static final int ARG_F64 = 2;
    public static final int ARG_BOOL = 3;
    public static final int ARG_UTF8 = 4;
    public static final int ARG_NULL = 5;
    /** A float, kept as a float so it reads as the caller wrote it (0.1f, not 0.10000000149011612). Version 2. */
    public static final int ARG_F32 = 6;
    /** A char (one UTF-16 code unit), kept as a character rather than a number. Version 2. */
    public static final int ARG_CHAR = 7;
    /** A string cut to the writer's limit at a character boundary; readers show that it was cut. Version 2. */
    public static final int ARG_UTF8_CUT = 8;

    private ObjectDescriptor() {
    }
}
