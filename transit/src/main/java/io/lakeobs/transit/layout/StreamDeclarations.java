package io.lakeobs.transit.layout;

import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.TransitLimits;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.lakeobs.transit.TransitFormatException.check;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Every object type a stream may contain. It travels with the stream metadata so that a reader
 * with nothing else (no writer classes) can decode the stream's blocks, skip types it does not
 * know, and resolve references. Immutable; lookups by type id are an array index.
 */
public final class StreamDeclarations {
    private final TypeDeclaration[] byId = new TypeDeclaration[256];
    private final List<TypeDeclaration> types;

    private StreamDeclarations(final Collection<TypeDeclaration> types) {
        check(types.size() <= TransitLimits.MAX_TYPES, "too many type declarations: " + types.size());
        final Set<String> names = new HashSet<>();
        for (final TypeDeclaration type : types) {
            validate(type);
            check(byId[type.typeId()] == null, "duplicate type id " + type.typeId());
            check(names.add(type.name()), "duplicate type name " + type.name());
            byId[type.typeId()] = type;
        }
        this.types = List.copyOf(types);
    }

    /** Validated declarations; a {@link TransitFormatException} names the first problem. */
    public static StreamDeclarations of(final Collection<TypeDeclaration> types) {
        return new StreamDeclarations(types);
    }

    public List<TypeDeclaration> types() {
        return types;
    }

    /** The declaration for a type id, or null when the stream did not declare it. */
    public TypeDeclaration type(final int typeId) {
        return byId[typeId & 0xFF];
    }

    /** The declaration with that name, or null. */
    public TypeDeclaration type(final String name) {
        for (final TypeDeclaration type : types) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    public byte[] encode() {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        buffer.putInt(DeclarationsDescriptor.MAGIC_OFFSET, DeclarationsDescriptor.MAGIC, LITTLE_ENDIAN);
        buffer.putShort(DeclarationsDescriptor.VERSION_OFFSET, (short) DeclarationsDescriptor.VERSION, LITTLE_ENDIAN);
        buffer.putShort(DeclarationsDescriptor.TYPE_COUNT_OFFSET, (short) types.size(), LITTLE_ENDIAN);
        int index = DeclarationsDescriptor.TYPES_OFFSET;
        for (final TypeDeclaration type : types) {
            buffer.putByte(index++, (byte) type.typeId());
            buffer.putByte(index++, (byte) type.role().ordinal());
            buffer.putByte(index++, (byte) (type.dynamic() ? 1 : 0));
            buffer.putShort(index, (short) type.fixedSize(), LITTLE_ENDIAN);
            index += 2;
            index = putName(buffer, index, type.name());
            buffer.putByte(index++, (byte) type.members().size());
            for (final MemberDeclaration member : type.members()) {
                index = putName(buffer, index, member.name());
                buffer.putByte(index++, (byte) member.type().code());
                buffer.putShort(index, (short) member.offset(), LITTLE_ENDIAN);
                buffer.putShort(index + 2, (short) member.size(), LITTLE_ENDIAN);
                index += 4;
                buffer.putByte(index++, (byte) (member.isReference() ? DeclarationsDescriptor.FLAG_REFERENCE : 0));
            }
        }
        final byte[] bytes = new byte[index];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** Decodes and validates; any malformation is a {@link TransitFormatException}. */
    public static StreamDeclarations decode(final byte[] bytes) {
        check(bytes.length <= TransitLimits.MAX_DECLARATIONS_BYTES, "declarations too large: " + bytes.length + " bytes");
        final Cursor cursor = new Cursor(new UnsafeBuffer(bytes), bytes.length);
        check(cursor.int32() == DeclarationsDescriptor.MAGIC, "declarations: bad magic");
        final int version = cursor.uint16();
        check(version == DeclarationsDescriptor.VERSION, "declarations: unsupported version " + version);
        final int typeCount = cursor.uint16();
        check(typeCount <= TransitLimits.MAX_TYPES, "declarations: too many types " + typeCount);
        final List<TypeDeclaration> types = new ArrayList<>(typeCount);
        for (int t = 0; t < typeCount; t++) {
            final int typeId = cursor.uint8();
            final int role = cursor.uint8();
            check(role <= 1, "declarations: bad role " + role);
            final int dynamic = cursor.uint8();
            check(dynamic <= 1, "declarations: bad dynamic flag " + dynamic);
            final int fixedSize = cursor.uint16();
            final String name = cursor.name();
            final int memberCount = cursor.uint8();
            check(memberCount <= TransitLimits.MAX_MEMBERS, "declarations: too many members in " + name);
            final List<MemberDeclaration> members = new ArrayList<>(memberCount);
            for (int m = 0; m < memberCount; m++) {
                final String memberName = cursor.name();
                final MemberType memberType = MemberType.fromCode(cursor.uint8());
                final int offset = cursor.uint16();
                final int size = cursor.uint16();
                final int flags = cursor.uint8();
                members.add(new MemberDeclaration(memberName, memberType, offset, size,
                    (flags & DeclarationsDescriptor.FLAG_REFERENCE) != 0));
            }
            types.add(new TypeDeclaration(typeId, name, TypeDeclaration.Role.values()[role], dynamic == 1, fixedSize, members));
        }
        check(cursor.index == bytes.length, "declarations: " + (bytes.length - cursor.index) + " trailing bytes");
        return new StreamDeclarations(types);
    }

    private static void validate(final TypeDeclaration type) {
        final String name = type.name();
        check(type.typeId() >= 1 && type.typeId() <= TransitLimits.MAX_TYPES, "type id out of range: " + type.typeId());
        check(!name.isEmpty() && utf8Length(name) <= TransitLimits.MAX_NAME_BYTES, "bad type name length: " + name.length());
        check(type.fixedSize() >= 0 && type.fixedSize() <= TransitLimits.MAX_FIXED_SIZE, "bad fixed size of " + name);
        check(type.members().size() <= TransitLimits.MAX_MEMBERS, "too many members in " + name);
        int variableOrdinal = 0;
        final Set<String> memberNames = new HashSet<>();
        for (final MemberDeclaration member : type.members()) {
            check(!member.name().isEmpty() && utf8Length(member.name()) <= TransitLimits.MAX_NAME_BYTES,
                "bad member name length in " + name);
            check(memberNames.add(member.name()), "duplicate member " + member.name() + " in " + name);
            check(member.isReference() == (member.type() == MemberType.REF), "reference flag mismatch on " + member.name());
            if (member.type().isVariable()) {
                check(type.dynamic(), "variable member " + member.name() + " in fixed type " + name);
                check(member.offset() == variableOrdinal++, "variable member out of order: " + member.name());
                check(member.size() == 0, "variable member with a size: " + member.name());
            } else {
                check(variableOrdinal == 0, "fixed member after variable members: " + member.name());
                check(member.size() == member.type().size(), "wrong size for " + member.name());
                check(member.offset() >= 0 && member.offset() + member.size() <= type.fixedSize(),
                    "member " + member.name() + " outside the fixed part of " + name);
            }
        }
        if (type.role() == TypeDeclaration.Role.DEPENDENCY) {
            check(!type.members().isEmpty() && type.member(0).name().equals("id")
                && type.member(0).type() == MemberType.U32 && type.member(0).offset() == 0,
                "dependency type " + name + " must start with member id:U32 at offset 0");
        }
    }

    private static int putName(final ExpandableArrayBuffer buffer, final int index, final String name) {
        buffer.checkLimit(index + 1 + Utf8.MAX_BYTES_PER_CHAR * name.length());
        final int length = Utf8.encode(name, buffer, index + 1);
        buffer.putByte(index, (byte) length);
        return index + 1 + length;
    }

    private static int utf8Length(final String value) {
        return Utf8.encodedLength(value);
    }

    /** Checked sequential reads over an untrusted declarations table. */
    private static final class Cursor {
        private final UnsafeBuffer buffer;
        private final int limit;
        private int index;

        Cursor(final UnsafeBuffer buffer, final int limit) {
            this.buffer = buffer;
            this.limit = limit;
        }

        private void need(final int bytes) {
            check(limit - index >= bytes, "declarations truncated at byte " + index);
        }

        int uint8() {
            need(1);
            return buffer.getByte(index++) & 0xFF;
        }

        int uint16() {
            need(2);
            final int value = buffer.getShort(index, LITTLE_ENDIAN) & 0xFFFF;
            index += 2;
            return value;
        }

        int int32() {
            need(4);
            final int value = buffer.getInt(index, LITTLE_ENDIAN);
            index += 4;
            return value;
        }

        String name() {
            final int length = uint8();
            check(length > 0 && length <= TransitLimits.MAX_NAME_BYTES, "declarations: bad name length " + length);
            need(length);
            final String name = Utf8.decode(buffer, index, length);
            index += length;
            return name;
        }
    }
}
