package io.lakeobs.transit.block;

import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.TransitLimits;
import io.lakeobs.transit.layout.MemberDeclaration;
import io.lakeobs.transit.layout.MemberType;
import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;
import org.agrona.DirectBuffer;

import io.lakeobs.transit.TransitFormatException;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Walks a decoded section object by object with checked reads only (messages are built only on
 * failure: this is the per-event path, which allocates nothing): every type must be
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
     * @param visitor called with each object once it is checked; null to only check
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
            if (type == null) {
                throw new TransitFormatException("undeclared type id " + typeId + " at byte " + (index - offset));
            }
            if (type.role() != role) {
                throw new TransitFormatException("type " + type.name() + " in the wrong section");
            }
            index += ObjectDescriptor.TYPE_LENGTH;
            final int bodyLength;
            if (type.dynamic()) {
                if (end - index < ObjectDescriptor.LENGTH_FIELD_LENGTH) {
                    throw new TransitFormatException("truncated length of " + type.name());
                }
                bodyLength = buffer.getInt(index, LITTLE_ENDIAN);
                index += ObjectDescriptor.LENGTH_FIELD_LENGTH;
                if (!(bodyLength >= type.fixedSize() && bodyLength <= end - index)) {
                    throw new TransitFormatException("bad body length " + bodyLength + " of " + type.name());
                }
                checkVariableMembers(buffer, type, index + type.fixedSize(), index + bodyLength);
            } else {
                bodyLength = type.fixedSize();
                if (bodyLength > end - index) {
                    throw new TransitFormatException("truncated " + type.name());
                }
            }
            if (references != null) {
                for (final int referenceOffset : referenceOffsets[typeId]) {
                    final int id = buffer.getInt(index + referenceOffset, LITTLE_ENDIAN);
                    if (!references.contains(id)) {
                        throw new TransitFormatException("reference to dependency " + id + " missing from the block");
                    }
                }
            }
            if (visitor != null) {
                visitor.accept(type, index, bodyLength);
            }
            index += bodyLength;
            count++;
        }
        return count;
    }

    /**
     * Visits the objects of a section that {@link #walk} has already accepted: framing only, no
     * checks, so the second pass over a block costs a fraction of the first.
     */
    void visitValidated(final DirectBuffer buffer, final int length, final Visitor visitor) {
        int index = 0;
        while (index < length) {
            final TypeDeclaration type = declarations.type(buffer.getByte(index));
            index += ObjectDescriptor.TYPE_LENGTH;
            final int bodyLength;
            if (type.dynamic()) {
                bodyLength = buffer.getInt(index, LITTLE_ENDIAN);
                index += ObjectDescriptor.LENGTH_FIELD_LENGTH;
            } else {
                bodyLength = type.fixedSize();
            }
            visitor.accept(type, index, bodyLength);
            index += bodyLength;
        }
    }

    private static void checkVariableMembers(final DirectBuffer buffer, final TypeDeclaration type, final int start,
                                             final int end) {
        int index = start;
        final java.util.List<MemberDeclaration> members = type.members();
        for (int m = 0; m < members.size(); m++) { // indexed: no iterator per event
            final MemberDeclaration member = members.get(m);
            if (!member.type().isVariable()) {
                continue;
            }
            if (end - index < 4) {
                throw new TransitFormatException("truncated member " + member.name() + " of " + type.name());
            }
            final int length = buffer.getInt(index, LITTLE_ENDIAN);
            index += 4;
            if (!(length >= 0 && length <= end - index)) {
                throw new TransitFormatException("bad length " + length + " of member " + member.name());
            }
            if (member.type() == MemberType.ARGUMENTS) {
                checkArguments(buffer, index, index + length);
            } else if (member.type() == MemberType.PROPERTIES) {
                checkProperties(buffer, index, index + length);
            }
            index += length;
        }
        if (index != end) {
            throw new TransitFormatException((end - index) + " unexplained bytes at the end of " + type.name());
        }
    }

    private static void checkArguments(final DirectBuffer buffer, final int start, final int end) {
        if (end - start < 1) {
            throw new TransitFormatException("arguments without a count");
        }
        final int count = buffer.getByte(start) & 0xFF;
        if (count > TransitLimits.MAX_ARGUMENTS) {
            throw new TransitFormatException("too many arguments");
        }
        int index = start + 1;
        for (int i = 0; i < count; i++) {
            if (end - index < 1) {
                throw new TransitFormatException("truncated argument " + i);
            }
            final int tag = buffer.getByte(index++) & 0xFF;
            final int size;
            switch (tag) {
                case ObjectDescriptor.ARG_I64, ObjectDescriptor.ARG_F64 -> size = 8;
                case ObjectDescriptor.ARG_F32 -> size = 4;
                case ObjectDescriptor.ARG_CHAR -> size = 2;
                case ObjectDescriptor.ARG_BOOL -> size = 1;
                case ObjectDescriptor.ARG_NULL -> size = 0;
                case ObjectDescriptor.ARG_UTF8, ObjectDescriptor.ARG_UTF8_CUT -> {
                    if (end - index < 4) {
                        throw new TransitFormatException("truncated string argument " + i);
                    }
                    size = 4 + buffer.getInt(index, LITTLE_ENDIAN);
                    if (size < 4) {
                        throw new TransitFormatException("negative string length in argument " + i);
                    }
                }
                default -> throw new TransitFormatException("unknown argument tag " + tag);
            }
            if (size > end - index) {
                throw new TransitFormatException("truncated argument " + i);
            }
            index += size;
        }
        if (index != end) {
            throw new TransitFormatException("unexplained bytes after the arguments");
        }
    }

    private static void checkProperties(final DirectBuffer buffer, final int start, final int end) {
        if (end - start < 1) {
            throw new TransitFormatException("properties without a count");
        }
        final int count = buffer.getByte(start) & 0xFF;
        int index = start + 1;
        for (int i = 0; i < 2 * count; i++) {
            if (end - index < 4) {
                throw new TransitFormatException("truncated property " + (i / 2));
            }
            final int length = buffer.getInt(index, LITTLE_ENDIAN);
            index += 4;
            if (!(length >= 0 && length <= end - index)) {
                throw new TransitFormatException("bad property length " + length);
            }
            index += length;
        }
        if (index != end) {
            throw new TransitFormatException("unexplained bytes after the properties");
        }
    }
}
