package io.lakeobs.transit;

import io.lakeobs.transit.block.BlockHeaderDescriptor;
import io.lakeobs.transit.block.BlockReader;
import io.lakeobs.transit.block.BlockSummary;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.fuzz.Sealing;
import io.lakeobs.transit.layout.MemberDeclaration;
import io.lakeobs.transit.layout.MemberType;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;
import io.lakeobs.transit.telemetry.DependencyEncoder;
import io.lakeobs.transit.telemetry.EventDescriptor;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.testing.BlockForge;
import io.lakeobs.transit.testing.DecodedLines;
import io.lakeobs.transit.testing.GoldenStream;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.lakeobs.transit.Rejections.allocatedBy;
import static io.lakeobs.transit.Rejections.outcome;
import static io.lakeobs.transit.Rejections.reason;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed blocks of every kind end in {@link TransitFormatException} with a reason: never
 * another exception, a hang, or an allocation that the block's own size does not justify.
 */
class MalformedBlockTest {
    private static final int METRIC_ID = 4;
    private static final int CALL_SITE_ID = 1;

    private static byte[] golden(final Compression compression) {
        return GoldenVectorsTest.golden(GoldenStream.blockName(compression));
    }

    private static byte[] resealed(final byte[] block, final int offset, final int value) {
        final byte[] copy = block.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return Sealing.seal(copy);
    }

    private static int intAt(final byte[] block, final int offset) {
        return ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void truncatedAtEveryLength(final Compression compression) {
        final byte[] block = golden(compression);
        for (int length = 0; length < block.length; length++) {
            assertThat(outcome(block, length, TelemetryTypes.declarations())).as("truncated to " + length).isNotNull();
            assertThat(outcome(Arrays.copyOf(block, length))).as("copy truncated to " + length).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everySingleBitFlipIsCaughtByAChecksum(final Compression compression) {
        final byte[] block = golden(compression);
        for (int bit = 0; bit < block.length * 8; bit++) {
            final byte[] flipped = block.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(reason(flipped)).as("bit " + bit).containsAnyOf("checksum", "magic", "version", "header length");
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void bitFlipsBehindValidChecksumsAreDecodedOrRejectedWithAReason(final Compression compression) {
        final byte[] block = golden(compression);
        final Set<String> reasons = new HashSet<>();
        for (int bit = 0; bit < block.length * 8; bit++) {
            final byte[] flipped = block.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            final TransitFormatException rejection = outcome(Sealing.seal(flipped));
            if (rejection != null) {
                reasons.add(rejection.getMessage().replaceAll("[0-9]+", "N"));
            }
        }
        assertThat(reasons).as("distinct reasons").hasSizeGreaterThan(10);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void randomByteDamageBehindValidChecksums(final Compression compression) {
        final byte[] block = golden(compression);
        final Random random = new Random(7 + compression.code());
        for (int i = 0; i < 3000; i++) {
            final byte[] damaged = block.clone();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                damaged[BlockHeaderDescriptor.HEADER_LENGTH + random.nextInt(block.length - BlockHeaderDescriptor.HEADER_LENGTH)]
                    = (byte) random.nextInt(256);
            }
            outcome(Sealing.seal(damaged));
        }
    }

    @Test
    void wrongMagicVersionHeaderLengthAndChecksums() {
        final byte[] block = golden(Compression.LZ4);
        final byte[] magic = block.clone();
        magic[0] = 'X';
        assertThat(reason(magic)).contains("bad magic");
        final byte[] version = block.clone();
        version[BlockHeaderDescriptor.VERSION_OFFSET] = 9;
        assertThat(reason(version)).contains("unsupported block version 9");
        assertThat(reason(Sealing.seal(version))).contains("unsupported block version 9");
        final byte[] headerLength = block.clone();
        headerLength[BlockHeaderDescriptor.HEADER_LENGTH_OFFSET] = 100;
        assertThat(reason(Sealing.seal(headerLength))).contains("bad header length 100");
        final byte[] headerChecksum = block.clone();
        headerChecksum[BlockHeaderDescriptor.OBJECT_COUNT_OFFSET] ^= 1;
        assertThat(reason(headerChecksum)).contains("header checksum mismatch");
        final byte[] payloadChecksum = block.clone();
        payloadChecksum[block.length - 1] ^= 1;
        assertThat(reason(payloadChecksum)).contains("payload checksum mismatch");
        final byte[] codec = block.clone();
        codec[BlockHeaderDescriptor.COMPRESSION_OFFSET] = 7;
        assertThat(reason(Sealing.seal(codec))).contains("unknown compression code 7");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void lyingSizesAndCounts(final Compression compression) {
        final byte[] block = golden(compression);
        for (final int offset : new int[] {BlockHeaderDescriptor.DEPENDENCIES_SIZE_OFFSET, BlockHeaderDescriptor.OBJECTS_SIZE_OFFSET,
            BlockHeaderDescriptor.DEPENDENCIES_COMPRESSED_OFFSET, BlockHeaderDescriptor.OBJECTS_COMPRESSED_OFFSET,
            BlockHeaderDescriptor.OBJECT_COUNT_OFFSET, BlockHeaderDescriptor.LOG_COUNT_OFFSET}) {
            final int truth = intAt(block, offset);
            for (final int lie : new int[] {truth - 1, truth + 1, 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, truth * 2}) {
                if (lie != truth) {
                    assertThat(outcome(resealed(block, offset, lie))).as("offset " + offset + " = " + lie).isNotNull();
                }
            }
        }
        assertThat(reason(resealed(block, BlockHeaderDescriptor.OBJECTS_SIZE_OFFSET, TransitLimits.MAX_SECTION_UNCOMPRESSED + 1)))
            .contains("inflates beyond");
        assertThat(reason(resealed(block, BlockHeaderDescriptor.OBJECTS_COMPRESSED_OFFSET, TransitLimits.MAX_BLOCK_BYTES)))
            .containsAnyOf("larger than", "header says", "sizes differ");
    }

    @Test
    void sectionThatClaimsSmallButInflatesLarge() {
        for (final Compression compression : List.of(Compression.LZ4, Compression.ZSTD)) {
            final byte[] bomb = BlockForge.compress(compression, new byte[8 * 1024 * 1024]); // 8 MiB of zeros
            final int claimed = Math.min(bomb.length * 2, 4096);
            final byte[] block = BlockForge.block(compression, new byte[0], 0, bomb, claimed, 0, BlockSummary.EMPTY);
            final long allocated = allocatedBy(() -> assertThat(reason(block)).containsAnyOf("corrupt", "inflated"));
            assertThat(allocated).as(compression + " bytes allocated").isLessThan(2L * 1024 * 1024);
        }
    }

    @Test
    void sectionThatClaimsHugeSizesIsRejectedBeforeAllocating() {
        for (final Compression compression : List.of(Compression.LZ4, Compression.ZSTD)) {
            final byte[] tiny = BlockForge.compress(compression, new byte[100]);
            final int claimed = TransitLimits.MAX_SECTION_UNCOMPRESSED; // within the limit, impossible for the ratio
            final byte[] block = BlockForge.block(compression, new byte[0], 0, tiny, claimed, 0, BlockSummary.EMPTY);
            final long allocated = allocatedBy(() -> assertThat(reason(block)).contains("cannot inflate"));
            assertThat(allocated).as(compression + " bytes allocated").isLessThan(2L * 1024 * 1024);
            final byte[] beyond = BlockForge.block(compression, new byte[0], 0, tiny, Integer.MAX_VALUE, 0, BlockSummary.EMPTY);
            assertThat(reason(beyond)).contains("inflates beyond");
        }
    }

    @Test
    void zstdBombIsRejectedWithoutInflatingIt() {
        final byte[] bomb = BlockForge.compress(Compression.ZSTD, new byte[32 * 1024 * 1024]);
        final byte[] block = BlockForge.block(Compression.ZSTD, new byte[0], 0, bomb, 1024, 0, BlockSummary.EMPTY);
        final long allocated = allocatedBy(() -> assertThat(reason(block)).containsAnyOf("corrupt zstd", "inflated"));
        assertThat(allocated).isLessThan(2L * 1024 * 1024);
    }

    @Test
    void undeclaredTypeId() {
        final byte[] objects = {(byte) 200, 1, 2, 3};
        assertThat(reason(BlockForge.plain(new byte[0], objects, 1))).contains("undeclared type id 200");
    }

    @Test
    void paddingTypeIdZeroIsNotAnObject() {
        final byte[] objects = new byte[16];
        assertThat(reason(BlockForge.plain(new byte[0], objects, 1))).contains("undeclared type id 0");
    }

    @Test
    void danglingReference() {
        final ExpandableArrayBuffer events = new ExpandableArrayBuffer(64);
        final int length = EventEncoder.metricInt(events, 0, 999, 1, 2);
        assertThat(reason(BlockForge.plain(new byte[0], Arrays.copyOf(events.byteArray(), length), 1)))
            .contains("reference to dependency 999 missing");
    }

    @Test
    void referenceOfTheWrongKind() {
        final byte[] metric = DependencyEncoder.metricDescriptor(METRIC_ID, "latency", "ns", "app");
        final ExpandableArrayBuffer events = new ExpandableArrayBuffer(64);
        final int length = EventEncoder.logStatic(events, 0, METRIC_ID, 1); // a log whose call site is a metric
        final byte[] block = BlockForge.plain(metric, Arrays.copyOf(events.byteArray(), length), 1);
        assertThat(new BlockReader().read(block, 0, block.length, TelemetryTypes.declarations(), object -> { }).objectCount())
            .as("the generic reader knows no kinds").isEqualTo(1);
        final DecodedLines visitor = new DecodedLines();
        assertThat(reason(block)).contains("refers to dependency 4 of the wrong kind");
        org.assertj.core.api.Assertions.catchThrowable(
            () -> new TelemetryReader().read(block, 0, block.length, TelemetryTypes.declarations(), visitor));
        assertThat(visitor.lines()).as("nothing visited before the rejection").isEmpty();
    }

    @Test
    void dependencyInTheObjectsSectionAndEventInTheDependencies() {
        final byte[] site = DependencyEncoder.logCallSite(CALL_SITE_ID, Level.INFO, 1, "t", "m", "f");
        assertThat(reason(BlockForge.plain(new byte[0], site, 1))).contains("in the wrong section");
        final ExpandableArrayBuffer events = new ExpandableArrayBuffer(64);
        final int length = EventEncoder.spanBegin(events, 0, 1, 1);
        assertThat(reason(BlockForge.plain(Arrays.copyOf(events.byteArray(), length), new byte[0], 0)))
            .contains("in the wrong section");
    }

    @Test
    void duplicateDependencyId() {
        final byte[] a = DependencyEncoder.staticString(5, "a");
        final byte[] b = DependencyEncoder.staticString(5, "b");
        assertThat(reason(BlockForge.plain(BlockForge.concat(a, b), new byte[0], 0))).contains("appears twice");
    }

    @Test
    void variableMembersThatOverrunTheirObject() {
        final byte[] value = DependencyEncoder.staticString(5, "abcdef");
        final byte[] overrun = value.clone();
        overrun[1 + 4 + 4] = 100; // the string's length, past the end of the object
        assertThat(reason(BlockForge.plain(overrun, new byte[0], 0))).contains("bad length 100");
        final byte[] negative = value.clone();
        negative[1 + 4 + 4 + 3] = (byte) 0x80;
        assertThat(reason(BlockForge.plain(negative, new byte[0], 0))).contains("bad length");
    }

    @Test
    void hostileArgumentsAreRejected() {
        final byte[] site = DependencyEncoder.logCallSite(CALL_SITE_ID, Level.INFO, 1, "t", "{}", "f");
        final ExpandableArrayBuffer events = new ExpandableArrayBuffer(64);
        int at = EventEncoder.beginLogArgs(events, 0, CALL_SITE_ID, 1, 1);
        at = EventEncoder.putStringArgument(events, at, "xyz");
        final int length = EventEncoder.endLogArgs(events, 0, at);
        final byte[] good = Arrays.copyOf(events.byteArray(), length);
        assertThat(outcome(BlockForge.plain(site, good, 1))).isNull();
        final int countAt = EventDescriptor.LOG_ARGS_MEMBER + EventDescriptor.MEMBER_LENGTH_FIELD;
        final byte[] tooMany = good.clone();
        tooMany[countAt] = 2;
        assertThat(reason(BlockForge.plain(site, tooMany, 1))).contains("truncated argument 1");
        final byte[] unknownTag = good.clone();
        unknownTag[countAt + 1] = 9;
        assertThat(reason(BlockForge.plain(site, unknownTag, 1))).contains("unknown argument tag 9");
        final byte[] longString = good.clone();
        longString[countAt + 2] = 50;
        assertThat(reason(BlockForge.plain(site, longString, 1))).contains("truncated argument 0");
    }

    @Test
    void standardNamesWithNonStandardLayoutsAreNeverMisread() {
        // a hostile stream declares log_static with its time as one byte at the end of the object
        final List<TypeDeclaration> types = new java.util.ArrayList<>(TelemetryTypes.declarations().types());
        types.set(0, new TypeDeclaration(TelemetryTypes.LOG_STATIC, "log_static", TypeDeclaration.Role.EVENT, false, 5, List.of(
            MemberDeclaration.fixed("call_site", MemberType.REF, 0), MemberDeclaration.fixed("time", MemberType.U8, 4))));
        final StreamDeclarations hostile = StreamDeclarations.of(types);
        final byte[] site = DependencyEncoder.logCallSite(CALL_SITE_ID, Level.INFO, 1, "t", "m", "f");
        final byte[] event = {TelemetryTypes.LOG_STATIC, CALL_SITE_ID, 0, 0, 0, 42};
        final byte[] block = BlockForge.plain(site, event, 1);
        final DecodedLines visitor = new DecodedLines();
        new TelemetryReader().read(block, 0, block.length, hostile, visitor);
        assertThat(visitor.lines()).containsExactly("other type=log_static bytes=5");
    }

    @Test
    void blockRangeOutsideTheArray() {
        final byte[] block = golden(Compression.NONE);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
            () -> new BlockReader().validate(block, 10, block.length, TelemetryTypes.declarations())))
            .isInstanceOf(TransitFormatException.class).hasMessageContaining("outside the array");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
            () -> new BlockReader().validate(block, -1, 5, TelemetryTypes.declarations())))
            .isInstanceOf(TransitFormatException.class);
    }
}
