package io.lakeobs.transit.block;

import io.lakeobs.transit.TransitLimits;
import io.lakeobs.transit.layout.MemberDeclaration;
import io.lakeobs.transit.layout.MemberType;
import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;
import org.agrona.DirectBuffer;

import static io.lakeobs.transit.TransitFormatException.check;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Walks a decoded section object by object with checked reads only: every type must be
 * declared with the expected role, every length must fit, every variable member must parse to
 * exactly the end of its object, and (for events) every reference must resolve.
 */
final class SectionWalker {
    /** Receives each validated object. */
    interface Visitor {
        void accept(TypeDeclaration type, int bodyOffset, int bodyLength);
    }

    private final StreamDeclarations declarations;
    private final int[][] referenceOffsets = new int[256][];

    SectionWalker(final StreamDeclarations declarations) {
        this.declarations = declarations;
        for (final TypeDeclaration type : declarations.types()) {
            referenceOffsets[type.typeId()] = type.members().stream()
                .filter(MemberDeclaration::isReference).mapToInt(MemberDeclaration::offset).toArray();
        }
    }

    StreamDeclarations declarations() {
        return declarations;
    }

    int[] referenceOffsets(final int typeId) {
        return referenceOffsets[typeId];
    }

    /**
     * @param references when not null, every reference member must name a dependency in it
     * @return the number of objects
     */
    int walk(final DirectBuffer buffer, final int offset, final int length, final TypeDeclaration.Role role,
             final DependencyIndex references, final Visitor visitor) {
        final int end = offset + length;
        int index = offset;
        int count = 0;
        while (index < end) {
            final int typeId = buffer.getByte(index) & 0xFF;
            final TypeDeclaration type = declarations.type(typeId);
            check(type != null, "undeclared type id " + typeId + " at byte " + (index - offset));
            check(type.role() == role, "type " + type.name() + " in the wrong section");
            index += ObjectDescriptor.TYPE_LENGTH;
            final int bodyLength;
            if (type.dynamic()) {
                check(end - index >= ObjectDescriptor.LENGTH_FIELD_LENGTH, "truncated length of " + type.name());
                bodyLength = buffer.getInt(index, LITTLE_ENDIAN);
                index += ObjectDescriptor.LENGTH_FIELD_LENGTH;
                check(bodyLength >= type.fixedSize() && bodyLength <= end - index,
                    "bad body length " + bodyLength + " of " + type.name());
                checkVariableMembers(buffer, type, index + type.fixedSize(), index + bodyLength);
            } else {
                bodyLength = type.fixedSize();
                check(bodyLength <= end - index, "truncated " + type.name());
            }
            if (references != null) {
                for (final int referenceOffset : referenceOffsets[typeId]) {
                    final int id = buffer.getInt(index + referenceOffset, LITTLE_ENDIAN);
                    check(references.contains(id), "reference to dependency " + id + " missing from the block");
                }
            }
            visitor.accept(type, index, bodyLength);
            index += bodyLength;
            count++;
        }
        return count;
    }

    private static void checkVariableMembers(final DirectBuffer buffer, final TypeDeclaration type, final int start,
                                             final int end) {
        int index = start;
        for (final MemberDeclaration member : type.members()) {
            if (!member.type().isVariable()) {
                continue;
            }
            check(end - index >= 4, "truncated member " + member.name() + " of " + type.name());
            final int length = buffer.getInt(index, LITTLE_ENDIAN);
            index += 4;
            check(length >= 0 && length <= end - index, "bad length " + length + " of member " + member.name());
            if (member.type() == MemberType.ARGUMENTS) {
                checkArguments(buffer, index, index + length);
            } else if (member.type() == MemberType.PROPERTIES) {
                checkProperties(buffer, index, index + length);
            }
            index += length;
        }
        check(index == end, (end - index) + " unexplained bytes at the end of " + type.name());
    }

    private static void checkArguments(final DirectBuffer buffer, final int start, final int end) {
        check(end - start >= 1, "arguments without a count");
        final int count = buffer.getByte(start) & 0xFF;
        check(count <= TransitLimits.MAX_ARGUMENTS, "too many arguments");
        int index = start + 1;
        for (int i = 0; i < count; i++) {
            check(end - index >= 1, "truncated argument " + i);
            final int tag = buffer.getByte(index++) & 0xFF;
            final int size;
            switch (tag) {
                case ObjectDescriptor.ARG_I64, ObjectDescriptor.ARG_F64 -> size = 8;
                case ObjectDescriptor.ARG_BOOL -> size = 1;
                case ObjectDescriptor.ARG_NULL -> size = 0;
                case ObjectDescriptor.ARG_UTF8 -> {
                    check(end - index >= 4, "truncated string argument " + i);
                    size = 4 + buffer.getInt(index, LITTLE_ENDIAN);
                    check(size >= 4, "negative string length in argument " + i);
                }
                default -> throw new io.lakeobs.transit.TransitFormatException("unknown argument tag " + tag);
            }
            check(size <= end - index, "truncated argument " + i);
            index += size;
        }
        check(index == end, "unexplained bytes after the arguments");
    }

    private static void checkProperties(final DirectBuffer buffer, final int start, final int end) {
        check(end - start >= 1, "properties without a count");
        final int count = buffer.getByte(start) & 0xFF;
        int index = start + 1;
        for (int i = 0; i < 2 * count; i++) {
            check(end - index >= 4, "truncated property " + (i / 2));
            final int length = buffer.getInt(index, LITTLE_ENDIAN);
            index += 4;
            check(length >= 0 && length <= end - index, "bad property length " + length);
            index += length;
        }
        check(index == end, "unexplained bytes after the properties");
    }
}
