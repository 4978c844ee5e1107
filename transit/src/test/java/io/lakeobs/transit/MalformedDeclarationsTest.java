package io.lakeobs.transit;

import io.lakeobs.transit.layout.DeclarationsDescriptor;
import io.lakeobs.transit.layout.MemberDeclaration;
import io.lakeobs.transit.layout.MemberType;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.testing.GoldenStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Declarations arrive with untrusted stream metadata: every malformation is a {@link TransitFormatException}. */
class MalformedDeclarationsTest {
    private static final byte[] GOLDEN = GoldenVectorsTest.golden(GoldenStream.DECLARATIONS);

    private static String reason(final byte[] bytes) {
        final Throwable thrown = catchThrowable(() -> StreamDeclarations.decode(bytes));
        assertThat(thrown).isInstanceOf(TransitFormatException.class);
        return thrown.getMessage();
    }

    /** A table header followed by {@code body}. */
    private static byte[] table(final int typeCount, final byte[] body) {
        final ByteBuffer buffer = ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(DeclarationsDescriptor.MAGIC).putShort((short) DeclarationsDescriptor.VERSION)
            .putShort((short) typeCount).put(body);
        return buffer.array();
    }

    /** One fixed event type with {@code memberCount} U8 members named m0, m1... */
    private static byte[] type(final int id, final String name, final int memberCount) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id);
        out.write(0); // role: event
        out.write(0); // fixed
        out.write(memberCount & 0xFF);
        out.write(memberCount >> 8); // fixed size: one byte per member
        out.write(name.length());
        out.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.write(memberCount);
        for (int m = 0; m < memberCount; m++) {
            final String member = "m" + m;
            out.write(member.length());
            out.writeBytes(member.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(MemberType.U8.code());
            out.write(m);
            out.write(0);
            out.write(1);
            out.write(0);
            out.write(0);
        }
        return out.toByteArray();
    }

    @Test
    void truncatedAtEveryLength() {
        for (int length = 0; length < GOLDEN.length; length++) {
            assertThat(reason(Arrays.copyOf(GOLDEN, length))).as("length " + length).isNotBlank();
        }
    }

    @Test
    void trailingBytes() {
        assertThat(reason(Arrays.copyOf(GOLDEN, GOLDEN.length + 1))).contains("1 trailing bytes");
    }

    @Test
    void everyByteDamageDecodesToValidDeclarationsOrIsRejected() {
        final Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            final byte[] damaged = GOLDEN.clone();
            damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            final Throwable thrown = catchThrowable(() -> {
                final StreamDeclarations decoded = StreamDeclarations.decode(damaged);
                assertThat(StreamDeclarations.decode(decoded.encode()).types()).isEqualTo(decoded.types());
            });
            assertThat(thrown).satisfiesAnyOf(
                t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(TransitFormatException.class));
        }
    }

    @Test
    void wrongMagicAndVersion() {
        final byte[] magic = GOLDEN.clone();
        magic[0] ^= 1;
        assertThat(reason(magic)).contains("bad magic");
        final byte[] version = GOLDEN.clone();
        version[DeclarationsDescriptor.VERSION_OFFSET] = 2;
        assertThat(reason(version)).contains("unsupported version 2");
    }

    @Test
    void hugeDeclarations() {
        assertThat(reason(new byte[TransitLimits.MAX_DECLARATIONS_BYTES + 1])).contains("declarations too large");
        assertThat(reason(table(TransitLimits.MAX_TYPES + 1, new byte[0]))).contains("too many types 255");
        assertThat(reason(table(65535, new byte[0]))).contains("too many types 65535");
        assertThat(reason(table(1, type(1, "wide", TransitLimits.MAX_MEMBERS + 1)))).contains("too many members in wide");
        assertThat(StreamDeclarations.decode(table(1, type(1, "wide", TransitLimits.MAX_MEMBERS))).type(1).members())
            .hasSize(TransitLimits.MAX_MEMBERS);
        final byte[] longName = type(1, "x".repeat(TransitLimits.MAX_NAME_BYTES + 1), 1);
        assertThat(reason(table(1, longName))).contains("bad name length 129");
        assertThat(reason(table(3, type(1, "claims three types", 1)))).contains("truncated");
    }

    @Test
    void typeIdsOutsideTheRangeAndDuplicates() {
        assertThat(reason(table(1, type(0, "padding", 1)))).contains("type id out of range: 0");
        assertThat(reason(table(1, type(255, "last", 1)))).contains("type id out of range: 255");
        final byte[] twice = BlockBytes.concat(type(1, "a", 1), type(1, "b", 1));
        assertThat(reason(table(2, twice))).contains("duplicate type id 1");
        final byte[] sameName = BlockBytes.concat(type(1, "a", 1), type(2, "a", 1));
        assertThat(reason(table(2, sameName))).contains("duplicate type name a");
    }

    @Test
    void membersMustLieInsideTheirTypeAndReferencesMustBeRefs() {
        final byte[] outside = type(1, "t", 2);
        outside[3] = 1; // fixed size 1, but two one-byte members
        assertThat(reason(table(1, outside))).contains("outside the fixed part");
        assertThat(catchThrowable(() -> StreamDeclarations.of(List.of(new TypeDeclaration(1, "t", TypeDeclaration.Role.EVENT,
            false, 8, List.of(new MemberDeclaration("r", MemberType.I64, 0, 8, true)))))))
            .isInstanceOf(TransitFormatException.class).hasMessageContaining("reference flag mismatch");
        assertThat(catchThrowable(() -> StreamDeclarations.of(List.of(new TypeDeclaration(1, "t", TypeDeclaration.Role.EVENT,
            false, 8, List.of(MemberDeclaration.variable("s", MemberType.UTF8, 0)))))))
            .isInstanceOf(TransitFormatException.class).hasMessageContaining("variable member s in fixed type");
        assertThat(catchThrowable(() -> StreamDeclarations.of(List.of(new TypeDeclaration(64, "d", TypeDeclaration.Role.DEPENDENCY,
            true, 4, List.of(MemberDeclaration.fixed("key", MemberType.U32, 0)))))))
            .isInstanceOf(TransitFormatException.class).hasMessageContaining("must start with member id:U32");
    }

    @Test
    void unknownMemberTypeRoleAndFlags() {
        final byte[] badType = type(1, "t", 1);
        badType[11] = 99; // id, role, dynamic, size(2), name(1+1), count, member name(1+2): then its type code
        assertThat(reason(table(1, badType))).contains("unknown member type code 99");
        final byte[] badRole = type(1, "t", 1);
        badRole[1] = 2;
        assertThat(reason(table(1, badRole))).contains("bad role 2");
        final byte[] badDynamic = type(1, "t", 1);
        badDynamic[2] = 7;
        assertThat(reason(table(1, badDynamic))).contains("bad dynamic flag 7");
    }

    @Test
    void namesWithLoneSurrogatesAreWrittenAsReplacementCharacters() {
        final List<TypeDeclaration> types = new ArrayList<>(TelemetryTypes.declarations().types());
        types.add(new TypeDeclaration(100, "custom\ud800", TypeDeclaration.Role.EVENT, false, 1,
            List.of(MemberDeclaration.fixed("b", MemberType.U8, 0))));
        final StreamDeclarations decoded = StreamDeclarations.decode(StreamDeclarations.of(types).encode());
        assertThat(decoded.type(100).name()).isEqualTo("custom\ufffd");
        assertThatThrownBy(() -> StreamDeclarations.of(List.of(new TypeDeclaration(1, "", TypeDeclaration.Role.EVENT, false, 0,
            List.of())))).isInstanceOf(TransitFormatException.class);
    }

    /** Small byte helpers. */
    private static final class BlockBytes {
        static byte[] concat(final byte[] a, final byte[] b) {
            final byte[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }
}
