package io.lakeobs.transit;

import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockHeaderDescriptor;
import io.lakeobs.transit.block.BlockReader;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.testing.DecodedLines;
import io.lakeobs.transit.testing.GoldenStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The committed golden vectors (written once by {@code GoldenVectorGenerator}): those of the
 * current version must decode, with nothing but the committed declarations, to the committed
 * text, and the same events must encode to exactly the same bytes; those of version 1 must still
 * decode to their text. A failure here is a format change.
 */
class GoldenVectorsTest {
    static byte[] golden(final String name) {
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden vector " + name).isNotNull();
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(final String name) {
        return new String(golden(name), StandardCharsets.UTF_8);
    }

    @Test
    void declarationsDecodeToTheStandardTypesAndEncodeToTheSameBytes() {
        final byte[] bytes = golden(GoldenStream.DECLARATIONS);
        final StreamDeclarations decoded = StreamDeclarations.decode(bytes);
        // types added to the standard set since, which is not a format change (docs/transit-format.md, section 7)
        final List<String> addedSince = List.of("thread_switch");
        final List<io.lakeobs.transit.layout.TypeDeclaration> standard = TelemetryTypes.declarations().types();
        assertThat(standard.stream().map(io.lakeobs.transit.layout.TypeDeclaration::name).filter(name -> decoded.type(name) == null))
            .containsExactlyElementsOf(addedSince);
        final List<io.lakeobs.transit.layout.TypeDeclaration> unchanged = standard.stream()
            .filter(type -> !addedSince.contains(type.name())).toList();
        assertThat(decoded.types()).isEqualTo(unchanged);
        assertThat(StreamDeclarations.of(unchanged).encode()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void blockDecodesWithOnlyTheCommittedDeclarations(final Compression compression) {
        final byte[] block = golden(GoldenStream.blockName(compression));
        final StreamDeclarations declarations = StreamDeclarations.decode(golden(GoldenStream.DECLARATIONS));
        final DecodedLines decoded = new DecodedLines();
        final BlockHeader header = new TelemetryReader().read(block, 0, block.length, declarations, decoded);
        assertThat(decoded.lines()).containsExactlyElementsOf(List.of(text(GoldenStream.EVENTS).split("\n")));
        assertThat(GoldenStream.headerText(header)).isEqualTo(text(GoldenStream.headerName(compression)));
        assertThat(header.compression()).isEqualTo(compression);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void sameEventsEncodeToExactlyTheGoldenBytes(final Compression compression) {
        assertThat(GoldenStream.encode(compression)).isEqualTo(golden(GoldenStream.blockName(compression)));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void genericReaderVisitsEveryEventOfTheGoldenBlock(final Compression compression) {
        final byte[] block = golden(GoldenStream.blockName(compression));
        final int[] count = {0};
        final BlockHeader header = new BlockReader().read(block, 0, block.length, TelemetryTypes.declarations(),
            object -> count[0]++);
        assertThat(count[0]).isEqualTo(header.objectCount()).isEqualTo(GoldenStream.events().size());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void version1BlocksStillDecodeWithTheirDeclarations(final Compression compression) {
        final String name = "v1-" + compression.name().toLowerCase(java.util.Locale.ROOT);
        final byte[] block = golden(name + ".block");
        assertThat(block[BlockHeaderDescriptor.VERSION_OFFSET]).isEqualTo((byte) 1);
        final DecodedLines decoded = new DecodedLines();
        final BlockHeader header = new TelemetryReader().read(block, 0, block.length,
            StreamDeclarations.decode(golden("v1-declarations.bin")), decoded);
        assertThat(decoded.lines()).containsExactlyElementsOf(List.of(text("v1-events.txt").split("\n")));
        assertThat(GoldenStream.headerText(header)).isEqualTo(text(name + ".header.txt"));
        final DecodedLines withToday = new DecodedLines();
        new TelemetryReader().read(block, 0, block.length, TelemetryTypes.declarations(), withToday);
        assertThat(withToday.lines()).isEqualTo(decoded.lines());
    }

    @Test
    void aReaderRejectsAnotherVersion() {
        final byte[] block = golden(GoldenStream.blockName(Compression.NONE));
        assertThat(block[BlockHeaderDescriptor.VERSION_OFFSET]).isEqualTo((byte) BlockHeaderDescriptor.VERSION);
        block[BlockHeaderDescriptor.VERSION_OFFSET] = 3;
        assertThatThrownBy(() -> new BlockReader().validate(block, 0, block.length, TelemetryTypes.declarations()))
            .isInstanceOf(TransitFormatException.class).hasMessageContaining("unsupported block version 3");
        block[BlockHeaderDescriptor.VERSION_OFFSET] = 0;
        assertThatThrownBy(() -> new BlockReader().validate(block, 0, block.length, TelemetryTypes.declarations()))
            .isInstanceOf(TransitFormatException.class).hasMessageContaining("unsupported block version 0");
    }
}
