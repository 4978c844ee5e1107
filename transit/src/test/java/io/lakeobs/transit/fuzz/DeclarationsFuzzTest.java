package io.lakeobs.transit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.block.BlockReader;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryVisitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Declarations are untrusted too (they arrive with the stream's metadata): any bytes either
 * decode to declarations that encode back to an equal table, or fail with
 * {@link TransitFormatException}. Declarations that decode are then used to read the golden
 * blocks, which must again either decode or fail with {@link TransitFormatException}, never read
 * outside an object because a declaration lied about a member.
 */
class DeclarationsFuzzTest {
    private static final List<byte[]> BLOCKS = List.of(resource("v1-none.block"), resource("v1-lz4.block"));
    private final BlockReader blockReader = new BlockReader();
    private final TelemetryReader telemetryReader = new TelemetryReader();
    private final TelemetryVisitor renderEverything = new TelemetryVisitor() {
        @Override
        public void onLog(final LogEvent log) {
            log.message();
        }
    };

    @FuzzTest(maxDuration = "5m")
    void decodesAnyDeclarations(final byte[] data) {
        final StreamDeclarations declarations;
        try {
            declarations = StreamDeclarations.decode(data);
        } catch (final TransitFormatException expected) {
            return;
        }
        final StreamDeclarations again = StreamDeclarations.decode(declarations.encode());
        if (!again.types().equals(declarations.types())) {
            throw new IllegalStateException("declarations changed in a round trip: " + declarations.types());
        }
        for (final byte[] block : BLOCKS) {
            try {
                blockReader.read(block, 0, block.length, declarations, object -> { });
            } catch (final TransitFormatException expected) {
                // the block does not fit these declarations
            }
            try {
                telemetryReader.read(block, 0, block.length, declarations, renderEverything);
            } catch (final TransitFormatException expected) {
                // as above
            }
        }
    }

    private static byte[] resource(final String name) {
        try (InputStream in = DeclarationsFuzzTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
