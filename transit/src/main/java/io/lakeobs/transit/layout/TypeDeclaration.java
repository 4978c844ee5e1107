package io.lakeobs.transit.layout;

import java.util.List;

/**
 * The layout of one object type of a stream. A fixed type is {@code [u8 typeId][fixedSize
 * bytes]}; a dynamic type is {@code [u8 typeId][u32 length][length bytes]} whose first
 * {@code fixedSize} bytes hold the fixed members and the rest the variable members in order.
 *
 * @param typeId the tag byte, 1..254
 * @param name a stable name readers dispatch on, e.g. {@code "log_static"}
 * @param role whether it appears in the objects section (event) or the dependencies section
 * @param dynamic true for length-prefixed objects
 * @param fixedSize size of the fixed part in bytes
 * @param members the members, fixed ones first
 */
public record TypeDeclaration(int typeId, String name, Role role, boolean dynamic, int fixedSize,
                              List<MemberDeclaration> members) {

    /** Where objects of a type live inside a block. */
    public enum Role { EVENT, DEPENDENCY }

    public TypeDeclaration {
        members = List.copyOf(members);
    }

    /** Index of the member with that name, or -1. */
    public int memberIndex(final String memberName) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).name().equals(memberName)) {
                return i;
            }
        }
        return -1;
    }

    public MemberDeclaration member(final int index) {
        return members.get(index);
    }

    /** Number of variable members; they follow the fixed part in declaration order. */
    public int variableMemberCount() {
        int count = 0;
        for (final MemberDeclaration member : members) {
            if (member.type().isVariable()) {
                count++;
            }
        }
        return count;
    }
}
