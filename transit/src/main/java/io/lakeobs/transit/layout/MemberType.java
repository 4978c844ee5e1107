package io.lakeobs.transit.layout;

import io.lakeobs.transit.TransitFormatException;

/**
 * The primitive member types a declaration may use. Fixed types sit at a declared offset inside
 * the fixed part of an object; variable types follow the fixed part of a dynamic object, in
 * declaration order. There is no nesting: a member never refers to another type's layout, which
 * is what lets any reader decode any block with only the declarations.
 */
public enum MemberType {
    U8(1, 1),
    U16(2, 2),
    U32(3, 4),
    I32(4, 4),
    I64(5, 8),
    F64(6, 8),
    /** A u32 id of a dependency object in the same block. */
    REF(7, 4),
    /** Variable: u32 byte length, then UTF-8 bytes. */
    UTF8(16, -1),
    /** Variable: u32 byte length, then raw bytes. */
    BYTES(17, -1),
    /** Variable: u8 count, then tagged values (see {@code ArgumentsDescriptor}). */
    ARGUMENTS(18, -1),
    /** Variable: u8 count, then (UTF8 key, UTF8 value) pairs. */
    PROPERTIES(19, -1);

    private static final MemberType[] BY_CODE = new MemberType[32];

    static {
        for (final MemberType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final int size;

    MemberType(final int code, final int size) {
        this.code = code;
        this.size = size;
    }

    public int code() {
        return code;
    }

    /** Byte size of a fixed member; -1 for variable members. */
    public int size() {
        return size;
    }

    public boolean isVariable() {
        return size < 0;
    }

    public static MemberType fromCode(final int code) {
        final MemberType type = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        TransitFormatException.check(type != null, "unknown member type code " + code);
        return type;
    }
}
