package io.lakeobs.transit.testing;

import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the golden vectors of the current format version ONCE, into
 * {@code transit/src/test/resources/golden/}. Not run by the tests. It refuses to overwrite:
 * vectors are never regenerated to make a test pass; a format change is a new version (new
 * {@link GoldenStream#VERSION}) with its own files, and the old ones stay to prove readers
 * reject or still read them.
 *
 * <p>Run: {@code java -cp transit/target/test-classes:transit/target/classes:<deps>
 * io.lakeobs.transit.testing.GoldenVectorGenerator transit/src/test/resources/golden}
 */
public final class GoldenVectorGenerator {
    private GoldenVectorGenerator() {
    }

    public static void main(final String[] args) throws IOException {
        final Path directory = Path.of(args.length > 0 ? args[0] : "transit/src/test/resources/golden");
        Files.createDirectories(directory);
        write(directory.resolve(GoldenStream.DECLARATIONS), TelemetryTypes.declarations().encode());
        final String events = String.join("\n", ModelStream.expected(GoldenStream.catalog(), GoldenStream.events())) + "\n";
        write(directory.resolve(GoldenStream.EVENTS), events.getBytes(StandardCharsets.UTF_8));
        for (final Compression compression : GoldenStream.CODECS) {
            final byte[] block = GoldenStream.encode(compression);
            write(directory.resolve(GoldenStream.blockName(compression)), block);
            final BlockHeader header = BlockHeader.decode(new UnsafeBuffer(block), 0, block.length);
            write(directory.resolve(GoldenStream.headerName(compression)),
                GoldenStream.headerText(header).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void write(final Path file, final byte[] bytes) throws IOException {
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " exists: golden vectors are written once, never regenerated");
        }
        Files.write(file, bytes);
        System.out.println("wrote " + file + " (" + bytes.length + " bytes)");
    }
}
