package io.lakeobs.transit.layout;

/**
 * One member of a type: where it sits and how to read it. For a variable member the offset is
 * its position among the variable members and the size is 0.
 *
 * @param name member name, e.g. {@code "time"}
 * @param type how its bytes are read
 * @param offset byte offset inside the fixed part, or the ordinal among variable members
 * @param size byte size for fixed members, 0 for variable ones
 * @param isReference true when the value is the id of a dependency object
 */
public record MemberDeclaration(String name, MemberType type, int offset, int size, boolean isReference) {

    public static MemberDeclaration fixed(final String name, final MemberType type, final int offset) {
        return new MemberDeclaration(name, type, offset, type.size(), type == MemberType.REF);
    }

    public static MemberDeclaration variable(final String name, final MemberType type, final int ordinal) {
        return new MemberDeclaration(name, type, ordinal, 0, false);
    }
}
